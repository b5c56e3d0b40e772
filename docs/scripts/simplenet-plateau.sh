#!/usr/bin/env bash
# The SimpleNet recipes of docs/training.md ("SimpleNet's plateau"): SimpleNet trained on the demo's dataset
# (3,000/500 Fashion-MNIST images at 32x32, as `bin/miniplaces demo` ingests it) with SGD and with Adam, over
# seeds and worker counts, at the demo pair's batch (64), averaging (5) and augmentation. Prints one line a run:
# optimizer, lr per 256, epochs, workers, seed, model, best val top-1. Every run is on local[2], as measured:
# 4 workers share its 2 task slots, 1 worker uses one. About 20 minutes on 2 cores.
#
# Usage: docs/scripts/simplenet-plateau.sh DEMO_DATASET WORK_DIR   (DEMO_DATASET: miniplaces-demo/dataset)
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ $# -eq 2 ]] || { echo "usage: $0 DEMO_DATASET WORK_DIR" >&2; exit 2; }
data="$1" work="$2"
mkdir -p "$work"

run() { # optimizer lr epochs workers seed model
  local name="$1-$2-$3e-$4w-s$5-$6"
  rm -rf "${work:?}/$name"
  "$home/bin/miniplaces" train --master "local[2]" --warehouse "$work/warehouse" --data "$data" --model "$6" \
    --out "$work/$name" --optimizer "$1" --lr "$2" --epochs "$3" --workers "$4" --seed "$5" --batch-size 64 \
    --averaging-frequency 5 --image-size 32 --scale-size 36 --eval-size 32 --fixed-interpolation \
    --colour-gain 0 --rotation 0 --min-crop-area 0.8 >"$work/$name.log" 2>&1
  printf '%s\t%s\n' "$name" "$(grep -o 'best val top-1 [0-9.]*%' "$work/$name.log")"
}

run sgd 0.4 2 2 1 simplenet # the demo's recipe before Adam
for seed in 1 2 3 4; do run sgd 0.8 8 2 "$seed" simplenet; done
run sgd 0.8 8 1 1 simplenet
run sgd 0.8 8 4 1 simplenet
run sgd 0.8 8 2 1 simplenet-custom
for seed in 1 2 3 4 5; do run adam 0.002 4 2 "$seed" simplenet; done
run adam 0.002 4 1 1 simplenet
run adam 0.002 4 4 1 simplenet
run adam 0.002 4 2 1 simplenet-custom
