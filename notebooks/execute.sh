#!/usr/bin/env bash
# Executes every notebook of this folder headless against a results catalog, as CI does after the demo:
#
#   notebooks/execute.sh [--warehouse DIR] [--out DIR] [--no-html]
#
#   --warehouse DIR  the results catalog (the --warehouse of the jobs). Default: $MINIPLACES_WAREHOUSE, else
#                    ./miniplaces-warehouse if the working directory has one, else the repository's.
#   --out DIR        where the executed notebooks (.ipynb and .html) and their figures (DIR/figures/*.png) go.
#                    Default: notebooks/executed in the repository.
#   --no-html        executed notebooks only, no HTML copies.
#
# Needs Jupyter's nbconvert and python3 kernel, pandas and matplotlib from Debian's packages (/usr/bin/jupyter and
# /usr/bin/python3, whatever python3 is first on PATH): `deploy/ci/prerequisites.sh install notebooks` installs them.
# Exits 1 when a notebook fails (after running the others), 2 on bad usage, 3 when something it needs is missing.
# MINIPLACES_NO_BUILD=1 is passed on to bin/miniplaces: then nothing is built and the build must be there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="${MINIPLACES_HOME:-$(cd "$here/.." && pwd)}"
python=/usr/bin/python3
jupyter=/usr/bin/jupyter

usage() {
  local text; text="$(sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//')"
  if [[ "${1:-2}" == 0 ]]; then echo "$text"; else echo "$text" >&2; fi
  exit "${1:-2}"
}

warehouse="${MINIPLACES_WAREHOUSE:-}"
out=""
html=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warehouse) [[ $# -ge 2 ]] || usage; warehouse="$2"; shift 2 ;;
    --warehouse=*) warehouse="${1#*=}"; shift ;;
    --out) [[ $# -ge 2 ]] || usage; out="$2"; shift 2 ;;
    --out=*) out="${1#*=}"; shift ;;
    --no-html) html=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "execute.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

missing() { echo "execute.sh: $1" >&2; exit 3; }

# Jupyter, the python3 kernel that nbclient starts and the notebooks' modules: deploy/ci/prerequisites.tsv lists them.
"$home/deploy/ci/prerequisites.sh" check notebooks || exit 3
[[ -x "$home/bin/miniplaces" ]] || missing "$home/bin/miniplaces not found: set MINIPLACES_HOME to the repository"

if [[ -z "$warehouse" ]]; then
  if [[ -d miniplaces-warehouse ]]; then warehouse=miniplaces-warehouse; else warehouse="$home/miniplaces-warehouse"; fi
fi
[[ -f "$warehouse/catalog.db" ]] \
  || missing "no results catalog at $warehouse (no catalog.db): run 'bin/miniplaces demo' first, or give --warehouse"
warehouse="$(cd "$warehouse" && pwd)"
out="${out:-$here/executed}"
mkdir -p "$out/figures"
out="$(cd "$out" && pwd)"

# Build now, once, unless told not to (a notebook's first query would otherwise build under its timeout).
if [[ "${MINIPLACES_NO_BUILD:-}" == 1 ]]; then
  [[ -f "$home/spark-jobs/target/launcher-classpath.txt" ]] \
    || missing "MINIPLACES_NO_BUILD=1 but the project is not built (no spark-jobs/target/launcher-classpath.txt)"
else
  "$home/bin/miniplaces" --version >/dev/null
fi

# The shared module's own tests first (a second, no Spark).
if ! (cd "$here" && "$python" -m unittest -q test_miniplaces_sql >"$out/test_miniplaces_sql.log" 2>&1); then
  cat "$out/test_miniplaces_sql.log" >&2
  echo "execute.sh: the tests of miniplaces_sql.py failed (above)" >&2
  exit 1
fi

export MINIPLACES_HOME="$home" MINIPLACES_WAREHOUSE="$warehouse" MINIPLACES_NOTEBOOK_OUT="$out/figures"
export PYDEVD_DISABLE_FILE_VALIDATION=1  # quiets the debugger's frozen-modules warning of Debian's kernel
echo "execute.sh: notebooks of $here against the catalog $warehouse"
failed=()
started=$SECONDS
for notebook in "$here"/*.ipynb; do
  name="$(basename "$notebook" .ipynb)"
  t0=$SECONDS
  log="$out/$name.log"
  if "$jupyter" nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
       --ExecutePreprocessor.kernel_name=python3 --output-dir "$out" "$notebook" >"$log" 2>&1; then
    echo "  $name: ok ($((SECONDS - t0)) s)"
    if [[ $html == 1 ]] && ! "$jupyter" nbconvert --to html --output-dir "$out" "$out/$name.ipynb" >>"$log" 2>&1; then
      echo "  $name: the HTML conversion failed (the executed notebook is there; log: $log)"
    fi
  else
    echo "  $name: FAILED after $((SECONDS - t0)) s; its log:"
    sed -e 's/\x1b\[[0-9;]*m//g' -e 's/^/    /' "$log" | tail -n 60
    failed+=("$name")
  fi
done
echo "execute.sh: $(( SECONDS - started )) s. Executed notebooks$([[ $html == 1 ]] && echo ' (.ipynb, .html)'): $out"
echo "  figures: $out/figures ($(find "$out/figures" -name '*.png' | wc -l) PNG)"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "execute.sh: ${#failed[@]} notebook(s) failed: ${failed[*]}" >&2
  exit 1
fi
