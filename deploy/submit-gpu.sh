#!/usr/bin/env bash
# Submits `miniplaces train` to a YARN or Kubernetes cluster with GPU executors (cluster deploy mode).
# Not run here (no GPU cluster); see docs/training.md. Build the jar first: mvn -Pcuda -DskipTests package
#
#   deploy/submit-gpu.sh yarn 4 hdfs:///datasets/miniplaces hdfs:///runs/simplenet-gpu [train options...]
#   deploy/submit-gpu.sh k8s://https://api.example:6443 4 s3a://bucket/miniplaces s3a://bucket/runs/r1 \
#       --conf spark.kubernetes.container.image=registry/miniplaces-cuda:0.1.0
#
# Arguments: master, number of GPU executors, dataset, run directory, then further spark-submit --conf pairs
# (before the first train option) and train options (from the first option not starting with --conf).
set -euo pipefail

if [[ $# -lt 4 ]]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
master="$1" gpus="$2" data="$3" run="$4"
shift 4
submit_conf=()
while [[ $# -ge 2 && "$1" == "--conf" ]]; do
  submit_conf+=("$1" "$2")
  shift 2
done
jar="$(ls "$home"/spark-jobs/target/miniplaces-*.jar | head -1)"

exec "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 client of the cluster}/bin/spark-submit" \
  --master "$master" --deploy-mode cluster \
  --class dev.miniplaces.cli.Main \
  --properties-file "$home/conf/gpu-executors.properties" \
  --num-executors "$gpus" --conf spark.executor.instances="$gpus" \
  --conf spark.executorEnv.GLIBC_TUNABLES=glibc.malloc.hugetlb=1 \
  --conf spark.executorEnv.OMP_WAIT_POLICY=passive \
  "${submit_conf[@]}" \
  "$jar" train --data "$data" --out "$run" --workers "$gpus" --prefetch-batches 2 "$@"
