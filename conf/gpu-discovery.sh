#!/usr/bin/env bash
# GPU discovery script for Spark's resource scheduling (spark.executor.resource.gpu.discoveryScript and, on a
# standalone cluster, spark.worker.resource.gpu.discoveryScript): prints the GPUs this machine or container
# sees, as Spark expects, e.g. {"name":"gpu","addresses":["0","1"]}.
# Exits 1 with a message on stderr when nvidia-smi is missing or fails (the executor then fails to start with
# that message in its log, rather than running on no GPU).
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-discovery.sh: nvidia-smi not found on PATH ($PATH): no NVIDIA driver in this machine or container" >&2
  exit 1
fi
if ! indexes="$(nvidia-smi --query-gpu=index --format=csv,noheader)"; then
  echo "gpu-discovery.sh: nvidia-smi --query-gpu=index failed (output above)" >&2
  exit 1
fi
addresses=""
while read -r index; do
  [[ -n "$index" ]] && addresses+="${addresses:+,}\"$index\""
done <<<"$indexes"
if [[ -z "$addresses" ]]; then
  echo "gpu-discovery.sh: nvidia-smi lists no GPU" >&2
  exit 1
fi
echo "{\"name\":\"gpu\",\"addresses\":[$addresses]}"
