#!/usr/bin/env bash
# What the steps of bin/test (and the README's commands) need from the machine, from deploy/ci/prerequisites.tsv:
#
#   deploy/ci/prerequisites.sh check   [STEP...]   exit 3 naming everything missing and the package that provides it
#   deploy/ci/prerequisites.sh install [STEP...]   as root, apt-get install the packages of what is missing, then check
#   deploy/ci/prerequisites.sh audit   [STEP...]   exit 1 if dpkg says an entry that is present comes from another
#                                                  package than the table names (keeps the table true)
#   deploy/ci/prerequisites.sh list    [STEP...]   the entries of these steps, one a line
#
# STEP: build, scripts, verify, smoke, demo, notebooks, download; none: every step but download.
# Python modules and kernels are looked for with /usr/bin/python3, the interpreter notebooks/execute.sh runs.
# Environment: MINIPLACES_PREREQUISITES, another table (tests use it). Exit 2 on bad usage.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
table="${MINIPLACES_PREREQUISITES:-$here/prerequisites.tsv}"
python=/usr/bin/python3

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
action="$1"
shift
case "$action" in
  check | install | audit | list) ;;
  -h | --help) usage ;;
  *) echo "prerequisites: unknown action '$action'" >&2; usage ;;
esac
[[ -f "$table" ]] || { echo "prerequisites: no table at $table" >&2; exit 2; }

known_steps="$(grep -v '^#' "$table" | cut -f1 | sort -u | tr '\n' ' ')"
steps=("$@")
if [[ ${#steps[@]} -eq 0 ]]; then
  read -r -a steps <<<"$(grep -v '^#' "$table" | cut -f1 | grep -vx download | sort -u | tr '\n' ' ')"
fi
for step in "${steps[@]}"; do
  if [[ " $known_steps " != *" $step "* ]]; then
    echo "prerequisites: unknown step '$step' (steps: $known_steps)" >&2
    exit 2
  fi
done

# The table's rows of the chosen steps, one entry a line: step, kind, name, package, why (tab-separated). A row
# names several things with commas; its package column is one package for all, or one for each.
entries() {
  local step kind names packages why
  while IFS=$'\t' read -r step kind names packages why; do
    [[ -z "$step" || "$step" == \#* || " ${steps[*]} " != *" $step "* ]] && continue
    IFS=, read -r -a name_list <<<"$names"
    IFS=, read -r -a package_list <<<"$packages"
    if [[ ${#package_list[@]} -ne 1 && ${#package_list[@]} -ne ${#name_list[@]} ]]; then
      echo "prerequisites: $table: the row '$step $kind $names' names ${#name_list[@]} things and" \
        "${#package_list[@]} packages" >&2
      exit 2
    fi
    for i in "${!name_list[@]}"; do
      printf '%s\t%s\t%s\t%s\t%s\n' "$step" "$kind" "${name_list[$i]}" "${package_list[$i]:-${package_list[0]}}" "$why"
    done
  done <"$table"
}

# Prints why a Jupyter kernel cannot be started, nothing when it can: what nbclient does, short of starting it.
kernel_problem() {
  PYDEVD_DISABLE_FILE_VALIDATION=1 "$python" - "$1" 2>/dev/null <<'PY' || true
import importlib.util, shutil, subprocess, sys
def fail(reason):
    print(reason)
    sys.exit(1)
try:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
except ImportError:
    fail("no Python module jupyter_client")
try:
    argv = KernelSpecManager().get_kernel_spec(sys.argv[1]).argv
except NoSuchKernel:
    fail("no kernel spec named " + sys.argv[1])
interpreter = shutil.which(argv[0])
if interpreter is None:
    fail("its interpreter " + argv[0] + " is not found")
if "-m" in argv:
    module = argv[argv.index("-m") + 1]
    found = subprocess.run([interpreter, "-c", "import importlib.util, sys; "
                            "sys.exit(importlib.util.find_spec(sys.argv[1]) is None)", module],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if found.returncode != 0:
        fail(interpreter + " has no module " + module)
PY
}

# Why an entry is missing, or nothing when it is there.
problem() {
  local kind="$1" name="$2"
  case "$kind" in
    command)
      if [[ "$name" == */* ]]; then [[ -x "$name" ]] || echo "$name not found"
      else type -P "$name" >/dev/null || echo "no command $name on PATH"
      fi
      ;;
    file) [[ -e "$name" ]] || echo "$name not found" ;;
    module)
      [[ -x "$python" ]] || { echo "$python not found (to import $name)"; return; }
      "$python" -c "import $name" >/dev/null 2>&1 || echo "$python cannot import $name"
      ;;
    kernel)
      [[ -x "$python" ]] || { echo "Jupyter kernel $name: $python not found"; return; }
      local why
      why="$(kernel_problem "$name")"
      [[ -z "$why" ]] || echo "Jupyter kernel $name: $why"
      ;;
    *) echo "unknown kind '$kind' in $table" ;;
  esac
}

# Lines "package<TAB>step: problem" for what is missing.
missing() {
  local step kind name package why problem
  while IFS=$'\t' read -r step kind name package why; do
    problem="$(problem "$kind" "$name")"
    [[ -z "$problem" ]] || printf '%s\t%s: %s (for %s)\n' "$package" "$step" "$problem" "$why"
  done < <(entries)
}

check() {
  local lost
  lost="$(missing)"
  [[ -z "$lost" ]] && return 0
  while IFS=$'\t' read -r package problem; do
    echo "prerequisites: missing, $problem: apt-get install $package" >&2
  done <<<"$lost"
  echo "prerequisites: as root: apt-get install $(cut -f1 <<<"$lost" | sort -u | paste -sd ' ')" >&2
  exit 3
}

# The package that installed a path, as dpkg knows it: merged /usr means /usr/bin/bash is dpkg's /bin/bash.
owner() {
  local path="$1" candidate found
  for candidate in "$path" "$(realpath -m "$path")" "${path/#\/usr\/bin\//\/bin\/}" \
    "${path/#\/usr\/sbin\//\/sbin\/}"; do
    found="$(dpkg-query -S "$candidate" 2>/dev/null | grep -v '^diversion' | head -n 1 | cut -d: -f1 || true)"
    [[ -n "$found" ]] && { echo "$found"; return; }
  done
}

# The file an entry is installed as, or nothing when it is missing.
installed_as() {
  local kind="$1" name="$2"
  case "$kind" in
    command) if [[ "$name" == */* ]]; then [[ ! -x "$name" ]] || echo "$name"; else type -P "$name" || true; fi ;;
    file) [[ ! -e "$name" ]] || echo "$name" ;;
    module) [[ ! -x "$python" ]] || "$python" -c "import $name; print($name.__file__)" 2>/dev/null || true ;;
    kernel)
      [[ ! -x "$python" ]] || "$python" -c "from jupyter_client.kernelspec import KernelSpecManager as M
print(M().get_kernel_spec('$name').resource_dir + '/kernel.json')" 2>/dev/null || true
      ;;
  esac
}

audit() {
  local step kind name package why path found wrong=0
  while IFS=$'\t' read -r step kind name package why; do
    path="$(installed_as "$kind" "$name")"
    [[ -n "$path" ]] || continue
    found="$(owner "$path")"
    if [[ -z "$found" ]]; then
      echo "prerequisites: $name ($path) is not from a Debian package; the table's $package is not checked" >&2
    elif [[ ", $found, " != *", $package, "* ]]; then
      echo "prerequisites: $table says $package provides $name, dpkg says $found ($path)" >&2
      wrong=1
    fi
  done < <(entries)
  return "$wrong"
}

case "$action" in
  list) entries ;;
  check) check ;;
  audit) audit ;;
  install)
    packages="$(missing | cut -f1 | sort -u | paste -sd ' ')"
    if [[ -n "$packages" ]]; then
      if [[ $(id -u) -ne 0 ]]; then check; fi
      echo "prerequisites: installing $packages" >&2
      apt-get update -qq
      # shellcheck disable=SC2086  # one word a package
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
    fi
    check # what the packages did not provide: the table is wrong
    ;;
esac
