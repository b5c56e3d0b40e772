#!/usr/bin/env bash
# Prints the path of a Spark 3.5.9 installation made from Maven's resolution of Spark (no download needed),
# creating it first: deploy/spark-home/target/spark with RELEASE and jars/ (links into ~/.m2), which is what
# Spark's launcher, spark-submit and the standalone daemons expect of an installation. Used by
# deploy/submit.sh (when SPARK_HOME is not set) and deploy/standalone-cluster.sh.
set -euo pipefail

module="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$module/../.." && pwd)"
classpath_file="$module/target/spark-classpath.txt"
spark_home="$module/target/spark"

if [[ ! -f "$classpath_file" ]]; then
  echo "spark-home: resolving Spark with Maven (mvn process-classes -pl deploy/spark-home)..." >&2
  (cd "$home" && mvn -q -B -DskipTests process-classes -pl deploy/spark-home) >&2
fi
if [[ ! -f "$spark_home/RELEASE" || "$classpath_file" -nt "$spark_home/RELEASE" ]]; then
  rm -rf "$spark_home"
  mkdir -p "$spark_home/jars"
  tr ':' '\n' <"$classpath_file" | while read -r jar || [[ -n "$jar" ]]; do # the last has no newline
    [[ -n "$jar" ]] && ln -sf "$jar" "$spark_home/jars/"
  done
  echo "Spark 3.5.9 (resolved by Maven for miniplaces)" >"$spark_home/RELEASE"
fi
echo "$spark_home"
