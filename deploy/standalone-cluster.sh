#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 from the Maven-built Spark home (no Spark download needed):
#
#   deploy/standalone-cluster.sh start [WORKERS] [CORES_PER_WORKER] [MEMORY_PER_WORKER]   (default: 2 1 3g)
#   deploy/standalone-cluster.sh stop
#   deploy/standalone-cluster.sh status
#   deploy/standalone-cluster.sh classpath     # what executors need for the application's classes
#
# Then train on it (the driver runs here, executors in the workers' JVMs):
#   bin/miniplaces train --master spark://127.0.0.1:7077 \
#     --conf spark.executor.extraClassPath="$(deploy/standalone-cluster.sh classpath)" \
#     --conf spark.executor.cores=1 --data DATASET --out RUN_DIR
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${MINIPLACES_CLUSTER_DIR:-$home/deploy/target/standalone}"
spark_home="$state/spark-home"
master_port="${MINIPLACES_MASTER_PORT:-7077}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

build_if_needed() {
  if [[ ! -f "$home/deploy/spark-home/target/spark-classpath.txt" || ! -f "$home/spark-jobs/target/launcher-classpath.txt" ]]; then
    (cd "$home" && mvn -q -B -DskipTests process-classes -pl deploy/spark-home,spark-jobs -am)
  fi
}

# RELEASE and jars/ (links to Maven's Spark jars): what Spark's launcher expects of an installation.
make_spark_home() {
  mkdir -p "$spark_home/jars" "$state/logs" "$state/work"
  tr ':' '\n' <"$home/deploy/spark-home/target/spark-classpath.txt" | while read -r jar; do
    [[ -n "$jar" ]] && ln -sf "$jar" "$spark_home/jars/"
  done
  echo "Spark 3.5.9 (resolved by Maven for miniplaces)" >"$spark_home/RELEASE"
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
    build_if_needed
    make_spark_home
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
    for pid_file in "$state"/*.pid; do
      [[ -f "$pid_file" ]] || continue
      kill "$(cat "$pid_file")" 2>/dev/null || true
      rm -f "$pid_file"
    done
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
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
