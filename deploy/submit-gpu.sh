#!/usr/bin/env bash
# Submits `miniplaces train` (the reference recipe: its defaults) to a YARN or Kubernetes cluster with GPU
# executors, one worker model per GPU: deploy/submit.sh with conf/gpu-executors.properties and
# conf/jobs/simplenet-gpu.args.
# Not run here (no GPU cluster); see docs/deploy.md. Build the jar first: mvn -Pcuda -DskipTests package
#
#   deploy/submit-gpu.sh yarn 4 hdfs:///datasets/miniplaces hdfs:///runs/simplenet-gpu [train options...]
#   deploy/submit-gpu.sh k8s://https://api.example:6443 4 s3a://bucket/miniplaces s3a://bucket/runs/r1 \
#       --conf spark.kubernetes.container.image=registry.example/miniplaces:0.1.0-cuda
#
# Arguments: master, number of GPU executors, dataset, run directory, then further spark-submit --conf pairs
# (before the first train option) and train options (from the first option not starting with --conf), among
# them the results catalog's --warehouse URI --catalog-uri jdbc:postgresql://..., which YARN and Kubernetes need.
set -euo pipefail

if [[ $# -lt 4 ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
master="$1" gpus="$2" data="$3" run="$4"
shift 4
[[ "$gpus" =~ ^[1-9][0-9]*$ ]] || { echo "deploy/submit-gpu.sh: number of GPU executors must be a positive integer, got '$gpus'" >&2; exit 2; }
submit_conf=()
while [[ $# -ge 2 && "$1" == "--conf" ]]; do
  submit_conf+=("$1" "$2")
  shift 2
done
if [[ "$master" == yarn ]]; then
  # YARN containers see the files shipped with --files in their working directory.
  submit_conf+=(--files "$home/conf/gpu-discovery.sh"
    --conf spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh)
fi

exec "$home/deploy/submit.sh" "$master" --properties-file "$home/conf/gpu-executors.properties" \
  --num-executors "$gpus" --conf spark.executor.instances="$gpus" "${submit_conf[@]}" -- \
  train @"$home/conf/jobs/simplenet-gpu.args" \
  --data "$data" --out "$run" --workers "$gpus" "$@"
