#!/usr/bin/env bash
# CI smoke check of the deployment: the application jar, submitted with deploy/submit.sh and
# conf/spark-defaults.conf (Kryo included), ingests and trains on a real Spark standalone cluster on 127.0.0.1
# (a master and 2 workers of 1 core; the executors run in JVMs the workers launch). About 4 minutes on 2 cores.
#
#   deploy/ci/standalone-smoke.sh [WORK_DIR]     (default: deploy/target/standalone-smoke, emptied first)
#
# Builds what is missing (the shaded jar, the Maven-built Spark home); reuses what `mvn verify` built. Leaves
# the logs of every step, the cluster's logs and the Spark event logs in WORK_DIR; stops the cluster in any
# case. Exit 0 when every check passed, else 1 with the failed check on stderr.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ $# -gt 1 || "${1:-}" == -* ]]; then
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
work="${1:-$home/deploy/target/standalone-smoke}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
# Empty it only if it is empty or an earlier smoke check's folder (never a folder that holds something else).
if [[ -n "$(ls -A "$work")" && ! -f "$work/.standalone-smoke" ]]; then
  echo "smoke: WORK_DIR $work is not empty and not an earlier smoke check's folder; give an empty one" >&2
  exit 2
fi
rm -rf "${work:?}"/* "$work"/.standalone-smoke
touch "$work/.standalone-smoke"
mkdir -p "$work/logs" "$work/events"
started=$SECONDS

say() { printf 'smoke [%3ds] %s\n' $((SECONDS - started)) "$*"; }
fail() {
  echo "smoke FAILED: $*" >&2
  echo "smoke: logs in $work/logs, cluster logs in $work/cluster/logs, executor logs in $work/cluster/work" >&2
  exit 1
}
# Runs a step with its output in logs/NAME.log; on failure shows the log's end.
run_step() {
  local name="$1"
  shift
  say "$name"
  if ! "$@" >"$work/logs/$name.log" 2>&1; then
    tail -n 40 "$work/logs/$name.log" >&2
    fail "$name exited non-zero (log: $work/logs/$name.log)"
  fi
}

# 1. What is built already is reused; mvn verify builds the jar.
jars=("$home"/spark-jobs/target/miniplaces-[0-9]*.jar)
if [[ ! -f "${jars[0]}" ]]; then
  run_step build bash -c "cd '$home' && mvn -q -B -DskipTests package -pl spark-jobs -am"
fi
run_step spark-home "$home/deploy/spark-home/spark-home.sh"

# 2. A standalone cluster on a free port (another cluster may hold 7077), stopped whatever happens next.
port=7077
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  port=$((port + 1))
  [[ $port -lt 7177 ]] || fail "no free port for the master in 7077-7176"
done
export MINIPLACES_CLUSTER_DIR="$work/cluster" MINIPLACES_MASTER_PORT="$port"
trap '"$home/deploy/standalone-cluster.sh" stop >/dev/null 2>&1 || true' EXIT
run_step cluster-start "$home/deploy/standalone-cluster.sh" start 2 1 3g
for _ in $(seq 1 60); do
  [[ $(grep -c "Registering worker" "$work/cluster/logs/master.log" || true) -ge 2 ]] && break
  sleep 1
done
[[ $(grep -c "Registering worker" "$work/cluster/logs/master.log" || true) -ge 2 ]] ||
  fail "2 workers did not register with the master within 60 s ($work/cluster/logs)"

master="spark://127.0.0.1:$port"
submit() { # submit.sh against the cluster: executors of 2g fit the 3g workers; event logs for the checks below
  "$home/deploy/submit.sh" "$master" --conf spark.executor.memory=2g \
    --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$work/events" \
    --conf "spark.miniplaces.warehouse=$work/warehouse" -- "$@"
}

# 3. Data: a synthetic set in the MiniPlaces layout (4 classes, 16 train / 4 val / 2 test images each, 48 px).
run_step synth "$home/deploy/submit.sh" local -- synth --output "$work/synth" \
  --classes 4 --per-class 16 --val-per-class 4 --test-per-class 2 --size 48
run_step layout-check "$home/deploy/download-miniplaces.sh" --check "$work/synth"

# 4. ingest and a short train (2 workers, parameter averaging) on the cluster.
run_step ingest submit ingest --source "$work/synth" --output "$work/dataset"
summary="$(tr -d ' \n' <"$work/dataset/_dataset.json")"
for expected in train:64 val:16 test:8; do
  split="${expected%%:*}" images="${expected##*:}"
  [[ "$summary" == *"\"$split\":{\"images\":$images,"* ]] ||
    fail "$work/dataset/_dataset.json: expected $images $split images"
done

run_step train submit train @"$home/deploy/ci/smoke-train.args" --data "$work/dataset" --out "$work/run"
grep -q "^Trained 1 epochs" "$work/logs/train.log" || fail "train did not report 'Trained 1 epochs' ($work/logs/train.log)"
for file in model_best/model.zip checkpoints/epoch-0001/model.zip checkpoints/epoch-0001/state.json; do
  [[ -s "$work/run/$file" ]] || fail "the run lacks $work/run/$file"
done
for table in metrics/epochs metrics/iterations; do
  compgen -G "$work/run/$table/*.parquet" >/dev/null || compgen -G "$work/run/$table/*/*.parquet" >/dev/null ||
    fail "no Parquet files in $work/run/$table"
done

# 5. Where it ran: each application had executors on both workers, its tasks ran on executors (train's on
# both), and Spark used Kryo with the registrators of conf/spark-defaults.conf.
apps=("$work"/events/app-*) # in submission order: ingest, train
[[ ${#apps[@]} -eq 2 && -f "${apps[0]}" ]] || fail "expected 2 event logs (ingest, train) in $work/events"
min_task_executors=(1 2)
for i in 0 1; do
  app="${apps[$i]}" id="$(basename "${apps[$i]}")"
  grep -q '"spark.serializer":"org.apache.spark.serializer.KryoSerializer"' "$app" ||
    fail "$id did not run with spark.serializer=KryoSerializer (event log $app)"
  grep -q '"spark.kryo.registrator":"org.nd4j.kryo.Nd4jRegistrator,' "$app" ||
    fail "$id did not run with ND4J's Kryo registrator (event log $app)"
  executors="$(find "$work/cluster/work/$id" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)"
  [[ "$executors" -ge 2 ]] || fail "$id: expected executors of both workers in $work/cluster/work/$id, found $executors"
  task_executors="$(grep '"Event":"SparkListenerTaskEnd"' "$app" | grep -o '"Executor ID":"[^"]*"' | sort -u || true)"
  [[ -n "$task_executors" && "$task_executors" != *'"driver"'* ]] ||
    fail "$id: no tasks ran on the workers' executors (event log $app)"
  [[ $(wc -l <<<"$task_executors") -ge ${min_task_executors[$i]} ]] ||
    fail "$id: tasks ran on $(wc -l <<<"$task_executors") executor(s), expected ${min_task_executors[$i]}"
done

say "passed: ingest and train ran on $master (2 workers, Kryo); results in $work"
