#!/usr/bin/env bash
# The full-size run of docs/scale.md: a synthetic MiniPlaces (by default the real size: 100 classes, 100,000 train,
# 10,000 val and 10,000 test JPEGs of 128x128), then every stage on it, each its own application with a driver of
# a 1 GB heap and one executor JVM of this machine's cores (Spark's local-cluster, so that driver and executor
# memory are measured apart): ingest, one epoch of train (SimpleNet, the reference recipe), evaluate at 160 on
# val, attention on val, adversarial at one epsilon on val. Each stage's wall time, images/s, peak driver live
# heap, executor peaks (heap, resident memory) and records read land in WORK_DIR/scale.tsv and as a table on
# stdout; the logs in WORK_DIR/logs, dev.miniplaces.spark.ResourceReport's JSON in WORK_DIR/reports.
#
# Usage: docs/scripts/scale.sh [--classes N] [--per-class N] [--val-per-class N] [--size PX] [--epsilon E]
#                              [--stages LIST] WORK_DIR
#   --per-class 100 gives the 10K-train run docs/scale.md sets beside the full one. --stages picks some of
#   synth,ingest,train,evaluate,attention,adversarial (default: all; later stages need the earlier ones' output).
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
classes=100 per_class=1000 val_per_class="" size=128 epsilon=0.05
stages="synth,ingest,train,evaluate,attention,adversarial"
while [[ $# -gt 1 ]]; do
  case "$1" in
    --classes) classes="$2" ;;
    --per-class) per_class="$2" ;;
    --val-per-class) val_per_class="$2" ;;
    --size) size="$2" ;;
    --epsilon) epsilon="$2" ;;
    --stages) stages="$2" ;;
    *) echo "scale.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift 2
done
[[ $# -eq 1 ]] || { echo "usage: $0 [options] WORK_DIR (see the header)" >&2; exit 2; }
work="$(mkdir -p "$1" && cd "$1" && pwd)"
val_per_class="${val_per_class:-$(( per_class / 10 > 0 ? per_class / 10 : 1 ))}"
cores="$(nproc)"
mkdir -p "$work/logs" "$work/reports"

# Build once, then run what is built (every stage starts the same classes).
"$home/bin/miniplaces" --version >/dev/null
export MINIPLACES_NO_BUILD=1 MINIPLACES_DRIVER_MEMORY="${MINIPLACES_DRIVER_MEMORY:-1g}"
SPARK_HOME="$("$home/deploy/spark-home/spark-home.sh")"
export SPARK_HOME SPARK_SCALA_VERSION=2.12  # local-cluster workers launch executors through Spark's launcher
executor_classpath="$home/spark-jobs/target/classes:$(cat "$home/spark-jobs/target/launcher-classpath.txt")"
spark=(--master "local-cluster[1,$cores,4096]" --warehouse "$work/warehouse"
  --conf spark.driver.host=127.0.0.1
  --conf spark.executor.memory=4g --conf spark.executor.memoryOverhead=5g --conf spark.executor.cores="$cores"
  --conf spark.executor.extraClassPath="$executor_classpath"
  --conf spark.executorEnv.OMP_WAIT_POLICY=passive --conf spark.executorEnv.GLIBC_TUNABLES=glibc.malloc.hugetlb=1
  --conf spark.extraListeners=dev.miniplaces.spark.ResourceReport
  --conf spark.executor.processTreeMetrics.enabled=true --conf spark.executor.metrics.pollingInterval=1s)

tsv="$work/scale.tsv"
columns=(stage images seconds images_per_s ms_per_image driver_live_heap_mb executor_heap_mb executor_rss_mb
  input_records shuffle_records)
[[ -f "$tsv" ]] || (IFS=$'\t'; echo "${columns[*]}") >"$tsv"

wanted() { [[ ",$stages," == *",$1,"* ]]; }

# stage NAME IMAGES COMMAND...: runs one application, appends its row.
stage() {
  local name="$1" images="$2" start end report="$work/reports/$1.json"
  shift 2
  echo "== $name ($images images): bin/miniplaces $*" >&2
  start="$(date +%s.%N)"
  "$home/bin/miniplaces" "$@" "${spark[@]}" --conf spark.miniplaces.resourceReport="$report" \
    >"$work/logs/$name.log" 2>&1 || { tail -30 "$work/logs/$name.log" >&2; echo "scale.sh: $name failed" >&2; exit 1; }
  end="$(date +%s.%N)"
  /usr/bin/python3 - "$name" "$images" "$start" "$end" "$report" >>"$tsv" <<'EOF'
import json, sys
name, images, start, end, path = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
r = json.load(open(path))
seconds = end - start
executors = [p for e, p in r["executorPeaks"].items() if e != "driver"]
mb = lambda b: round(b / 2**20)
peak = lambda key: mb(max((p.get(key, 0) for p in executors), default=0))
print("\t".join(str(v) for v in (name, images, round(seconds, 1), round(images / seconds, 1),
      round(1000 * seconds / images, 2), mb(r["driverPeakLiveHeapBytes"]), peak("JVMHeapMemory"),
      peak("ProcessTreeJVMRSSMemory"), r["inputRecords"], r["shuffleRecords"])))
EOF
  tail -1 "$tsv" >&2
}

train_images=$(( classes * per_class )) val_images=$(( classes * val_per_class ))
if wanted synth; then
  start="$(date +%s)"
  "$home/bin/miniplaces" synth --output "$work/source" --classes "$classes" --per-class "$per_class" \
    --val-per-class "$val_per_class" --size "$size" >"$work/logs/synth.log" 2>&1
  echo "== synth: $(( $(date +%s) - start )) s" >&2
fi
wanted ingest && stage ingest $(( train_images + 2 * val_images )) ingest --source "$work/source" \
  --output "$work/dataset"
wanted train && stage train "$train_images" train --data "$work/dataset" --out "$work/run" --epochs 1 \
  --progress-seconds 60
wanted evaluate && stage evaluate "$val_images" evaluate --model "$work/run" --data "$work/dataset" \
  --eval-size 160 --out "$work/evaluate"
wanted attention && stage attention "$val_images" attention --model "$work/run" --data "$work/dataset" \
  --eval-size 160 --out "$work/attention"
wanted adversarial && stage adversarial "$val_images" adversarial --model "$work/run" --data "$work/dataset" \
  --eval-size 160 --epsilon "$epsilon" --out "$work/adversarial"
column -t -s $'\t' "$tsv"
