#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 from the Maven-built Spark home (no Spark download needed):
#
#   deploy/standalone-cluster.sh start [WORKERS] [CORES_PER_WORKER] [MEMORY_PER_WORKER]   (default: 2 1 3g)
#   deploy/standalone-cluster.sh stop
#   deploy/standalone-cluster.sh status
#   deploy/standalone-cluster.sh classpath     # what executors need for the application's classes
#
# Then submit the application jar to it (the driver runs here, executors in the workers' JVMs), or run the
# CLI from the build's classes with the classpath above for the executors:
#   deploy/submit.sh spark://127.0.0.1:7077 --conf spark.executor.memory=2g -- train --data DATASET --out RUN_DIR
#   bin/miniplaces train --master spark://127.0.0.1:7077 \
#     --conf spark.executor.extraClassPath="$(deploy/standalone-cluster.sh classpath)" \
#     --conf spark.executor.cores=1 --data DATASET --out RUN_DIR
# Environment: MINIPLACES_CLUSTER_DIR (logs, pids, work dirs; default deploy/target/standalone),
# MINIPLACES_MASTER_PORT (default 7077; start refuses a port in use).
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${MINIPLACES_CLUSTER_DIR:-$home/deploy/target/standalone}"
master_port="${MINIPLACES_MASTER_PORT:-7077}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

build_if_needed() {
  if [[ ! -f "$home/spark-jobs/target/launcher-classpath.txt" ]]; then
    (cd "$home" && mvn -q -B -DskipTests process-classes -pl spark-jobs -am)
  fi
}

module_options() {
  sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$home/conf/java-options.properties" | sed -n 's/^java\.module\.options=//p'
}

daemon() { # name, main class, arguments...
  local name="$1" main="$2"
  shift 2
  # shellcheck disable=SC2046  # the module options are meant to split into words
  SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.12 nohup "$java" -Xmx1g $(module_options) -cp "$spark_home/jars/*" "$main" "$@" \
    >"$state/logs/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
}

wait_for_port() {
  for _ in $(seq 1 60); do
    (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 1
  done
  echo "nothing listens on 127.0.0.1:$1 after 60 s; see $state/logs" >&2
  return 1
}

case "${1:-}" in
  start)
    workers="${2:-2}" cores="${3:-1}" memory="${4:-3g}"
    if (echo >"/dev/tcp/127.0.0.1/$master_port") 2>/dev/null; then
      echo "something already listens on 127.0.0.1:$master_port (another cluster?): stop it, or set" \
        "MINIPLACES_MASTER_PORT" >&2
      exit 1
    fi
    # The Maven-built Spark installation (RELEASE and jars/), what Spark's daemons expect of one.
    spark_home="$("$home/deploy/spark-home/spark-home.sh")"
    mkdir -p "$state/logs" "$state/work"
    daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$master_port" --webui-port 8080
    wait_for_port "$master_port"
    for i in $(seq 1 "$workers"); do
      # Executors inherit the fast-DL4J process settings and a single OpenMP thread per core they own.
      GLIBC_TUNABLES=glibc.malloc.hugetlb=1 OMP_WAIT_POLICY=passive OMP_NUM_THREADS="$cores" \
        daemon "worker-$i" org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$master_port" \
        --host 127.0.0.1 --cores "$cores" --memory "$memory" --work-dir "$state/work" --webui-port $((8080 + i))
    done
    echo "Spark standalone master spark://127.0.0.1:$master_port (UI http://127.0.0.1:8080), $workers workers" \
      "of $cores cores and $memory; logs in $state/logs"
    ;;
  stop)
    # Workers kill their executors when they stop; wait for all of them, then force what is left.
    pids=()
    for pid_file in "$state"/*.pid; do
      [[ -f "$pid_file" ]] || continue
      pids+=("$(cat "$pid_file")")
      rm -f "$pid_file"
    done
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 20); do
      alive=()
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
      [[ ${#alive[@]} -eq 0 ]] && break
      sleep 0.5
    done
    for pid in "${alive[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    echo "stopped"
    ;;
  status)
    for pid_file in "$state"/*.pid; do
      [[ -f "$pid_file" ]] || continue
      name="$(basename "$pid_file" .pid)"
      if kill -0 "$(cat "$pid_file")" 2>/dev/null; then echo "$name running"; else echo "$name dead"; fi
    done
    ;;
  classpath)
    build_if_needed
    echo "$home/spark-jobs/target/classes:$(cat "$home/spark-jobs/target/launcher-classpath.txt")"
    ;;
  *)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
