#!/usr/bin/env bash
# Submits a miniplaces command to Spark: the application jar under spark-submit with conf/spark-defaults.conf.
#
#   deploy/submit.sh TARGET [SPARK-SUBMIT OPTIONS... --] COMMAND [OPTIONS...]
#
#   TARGET   local | local[N]                 driver and executors in one JVM here (client mode)
#            spark://HOST:PORT                a standalone master (client mode: the driver runs here)
#            yarn                             YARN from HADOOP_CONF_DIR (cluster mode)
#            k8s://https://HOST:PORT          Kubernetes (cluster mode; the jar comes from the image)
#   COMMAND  a miniplaces command and its options (bin/miniplaces --help), or @FILE (conf/jobs/*.args)
#
# Spark-submit options go between TARGET and `--`, e.g. --conf K=V, --num-executors N, --deploy-mode MODE.
# --properties-file FILE adds FILE on top of the defaults instead of replacing them (repeatable).
# Settings, later winning: $SPARK_HOME/conf/spark-defaults.conf, conf/spark-defaults.conf,
# conf/targets/<local|standalone|yarn|k8s>.conf, --properties-file files, --conf options.
#
# Examples:
#   deploy/submit.sh local -- ingest --source data/synth --output datasets/synth
#   deploy/submit.sh spark://127.0.0.1:7077 --conf spark.executor.memory=2g -- @conf/jobs/simplenet-reference.args
#   deploy/submit.sh yarn --properties-file conf/gpu-executors.properties --num-executors 4 -- train ...
#
# Environment: SPARK_HOME (a Spark 3.5 client; default: the Maven-built one, deploy/spark-home/spark-home.sh),
# MINIPLACES_JAR (default: spark-jobs/target/miniplaces-<version>.jar; on Kubernetes
# local:///opt/miniplaces/miniplaces.jar, where deploy/docker puts it), JAVA_HOME.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
fail() {
  echo "deploy/submit.sh: $*" >&2
  exit 2
}

[[ $# -ge 1 && "$1" != -h && "$1" != --help ]] || usage
master="$1"
shift
case "$master" in
  local | local\[*\]) kind=local deploy_mode=client ;;
  spark://*) kind=standalone deploy_mode=client ;;
  yarn) kind=yarn deploy_mode=cluster ;;
  k8s://*) kind=k8s deploy_mode=cluster ;;
  *) fail "unknown TARGET '$master': expected local, local[N], spark://HOST:PORT, yarn or k8s://https://HOST:PORT" ;;
esac

# Split spark-submit options from the miniplaces command at `--` (no `--`: everything is the command).
submit_args=() properties=()
if [[ " $* " == *" -- "* ]]; then
  while [[ "$1" != -- ]]; do
    case "$1" in
      --properties-file)
        [[ $# -ge 2 && "$2" != -- ]] || fail "--properties-file needs a FILE"
        [[ -f "$2" ]] || fail "--properties-file: no such file: $2"
        properties+=("$2")
        shift 2
        ;;
      --deploy-mode)
        [[ $# -ge 2 && "$2" != -- ]] || fail "--deploy-mode needs client or cluster"
        deploy_mode="$2"
        shift 2
        ;;
      *)
        submit_args+=("$1")
        shift
        ;;
    esac
  done
  shift
fi
[[ $# -ge 1 ]] || fail "no miniplaces command after TARGET (e.g. ingest, train; see bin/miniplaces --help)"

# @FILE arguments (conf/jobs/*.args): picocli expands them in the driver. In cluster mode the driver runs on
# another machine, so expand them here (one option per line, # comment lines, quotes as the shell's).
command_args=()
for arg in "$@"; do
  if [[ "$arg" == @?* ]]; then
    [[ -f "${arg#@}" ]] || fail "no such argument file: ${arg#@} (from $arg)"
    if [[ "$deploy_mode" == cluster ]]; then
      mapfile -d '' words < <(grep -v '^[[:space:]]*#' "${arg#@}" | xargs -r printf '%s\0')
      command_args+=("${words[@]}")
      continue
    fi
  fi
  command_args+=("$arg")
done

if [[ -n "${MINIPLACES_JAR:-}" ]]; then
  jar="$MINIPLACES_JAR"
elif [[ "$kind" == k8s ]]; then
  jar="local:///opt/miniplaces/miniplaces.jar" # inside the image (deploy/docker/Dockerfile.*)
else
  jars=("$home"/spark-jobs/target/miniplaces-[0-9]*.jar)
  jar="${jars[0]}"
  [[ -f "$jar" ]] || fail "no application jar in $home/spark-jobs/target (miniplaces-<version>.jar): build it with" \
    "'mvn -DskipTests package' ('-Pcuda' for GPU executors), or set MINIPLACES_JAR"
fi
if [[ "$jar" != *://* && ! -f "$jar" ]]; then
  fail "MINIPLACES_JAR: no such file: $jar"
fi

# spark-submit reads one properties file, and none of the installation's once given one: merge them all here.
merged="$(mktemp "${TMPDIR:-/tmp}/miniplaces-submit.XXXXXX.conf")"
trap 'rm -f "$merged"' EXIT
for file in "${SPARK_CONF_DIR:-${SPARK_HOME:-/nonexistent}/conf}/spark-defaults.conf" \
  "$home/conf/spark-defaults.conf" "$home/conf/targets/$kind.conf" "${properties[@]}"; do
  if [[ -f "$file" ]]; then
    printf '\n# from %s\n' "$file"
    cat "$file"
    echo # a last line ending in a backslash must not continue into the next file
  fi
done >"$merged"

submit=(--master "$master" --deploy-mode "$deploy_mode" --properties-file "$merged"
  --class dev.miniplaces.cli.Main "${submit_args[@]}" "$jar" "${command_args[@]}")

# The driver runs networks itself in local mode: the fast DL4J process environment of bin/miniplaces.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"

if [[ -n "${SPARK_HOME:-}" ]]; then
  [[ -x "$SPARK_HOME/bin/spark-submit" ]] || fail "SPARK_HOME=$SPARK_HOME has no bin/spark-submit"
  "$SPARK_HOME/bin/spark-submit" "${submit[@]}"
  exit
fi

# No Spark installation: do what bin/spark-submit does, on the Maven-built Spark home. Spark's launcher turns
# the arguments into the driver's java command (driver memory and Java options from the properties file), printed
# after a NUL marker and NUL-separated; anything before the marker is a message for the user.
spark_home="$("$home/deploy/spark-home/spark-home.sh")"
export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.12
# Our log4j2.properties for the driver (the launcher puts the conf dir on the classpath).
export SPARK_CONF_DIR="${SPARK_CONF_DIR:-$home/conf}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
launch="$(mktemp "${TMPDIR:-/tmp}/miniplaces-launch.XXXXXX")"
trap 'rm -f "$merged" "$launch"' EXIT
if ! "$java" -Xmx128m -cp "$spark_home/jars/*" org.apache.spark.launcher.Main \
  org.apache.spark.deploy.SparkSubmit "${submit[@]}" >"$launch"; then
  tr '\0' '\n' <"$launch" >&2
  fail "Spark's launcher refused the arguments (above)"
fi
mapfile -d '' parts <"$launch"
[[ -n "${parts[0]}" ]] && printf '%s\n' "${parts[0]}" >&2
command=("${parts[@]:1}")
command[0]="${command[0]#$'\n'}"
"${command[@]}"
