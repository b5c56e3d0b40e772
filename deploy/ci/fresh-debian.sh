#!/usr/bin/env bash
# The README's two commands on a fresh Debian machine with only Java 17 and Maven, as a user would first run them:
# a minimal Debian (debootstrap's minbase, plus openjdk-17-jdk-headless and maven) in a chroot, an empty Maven
# repository, a clone of this repository's HEAD; then `bin/miniplaces demo`, then `bin/test`, each timed.
#
#   deploy/ci/fresh-debian.sh [--release NAME] [--mirror URL] [--only demo|test] WORK_DIR
#
#   --release   Debian release (default: bookworm)
#   --mirror    Debian mirror (default: http://deb.debian.org/debian)
#   --only      run one of the two commands (default: both, demo first)
#
# Needs root, debootstrap, and the network to the Debian mirror and Maven Central. About 25 minutes on 2 cores. The
# base system is made once (WORK_DIR/base-RELEASE.tar) and unpacked anew for every run; each command's output is
# in WORK_DIR/demo.log and WORK_DIR/test.log, the figures in WORK_DIR/summary.txt. Not run by bin/test: it is the
# by-hand check behind the README's "last run from scratch" line. Exit 0 when both commands passed.
set -euo pipefail

# All in one function: bash parses it whole before running it, so editing this file mid-run changes nothing.
main() {
  home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  release=bookworm mirror=http://deb.debian.org/debian only="" work=""
  usage() {
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
  }
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --release) [[ $# -ge 2 ]] || usage; release="$2"; shift 2 ;;
      --mirror) [[ $# -ge 2 ]] || usage; mirror="$2"; shift 2 ;;
      --only) [[ $# -ge 2 && "$2" =~ ^(demo|test)$ ]] || usage; only="$2"; shift 2 ;;
      -*) echo "fresh-debian: unknown option '$1'" >&2; usage ;;
      *) [[ -z "$work" ]] || usage; work="$1"; shift ;;
    esac
  done
  [[ -n "$work" ]] || usage
  [[ $(id -u) -eq 0 ]] || { echo "fresh-debian: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
  type -P debootstrap >/dev/null || { echo "fresh-debian: needs debootstrap: apt-get install debootstrap" >&2; exit 2; }
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
  root="$work/root"
  base="$work/base-$release.tar"

  # 1. The base system, once: what a fresh machine with Java 17 and Maven has.
  if [[ ! -f "$base" ]]; then
    rm -rf "$work/debootstrap"
    echo "fresh-debian: debootstrap $release (minbase, openjdk-17-jdk-headless, maven)" >&2
    debootstrap --variant=minbase --include=openjdk-17-jdk-headless,maven,ca-certificates \
      "$release" "$work/debootstrap" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
    tar -C "$work/debootstrap" -cf "$base.part" . && mv "$base.part" "$base"
    rm -rf "$work/debootstrap"
  fi

  # 2. A new copy of it, the repository's HEAD cloned in, the host's name resolution.
  mounts=(proc sys dev dev/pts dev/shm)
  cleanup() {
    # Whatever still runs inside (a daemon the commands left) would hold the mounts.
    for proc_root in /proc/[0-9]*/root; do
      if [[ "$(readlink "$proc_root" 2>/dev/null)" == "$root"* ]]; then
        kill -9 "$(basename "$(dirname "$proc_root")")" 2>/dev/null || true
      fi
    done
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
      mountpoint -q "$root/${mounts[$i]}" && umount -l "$root/${mounts[$i]}"
    done
    return 0
  }
  trap cleanup EXIT
  cleanup
  if grep -q " $root/" /proc/mounts; then # never remove a folder with the host's /dev bound into it
    echo "fresh-debian: $root still has mounts (see /proc/mounts); unmount them first" >&2
    exit 1
  fi
  rm -rf "$root" && mkdir -p "$root"
  tar -C "$root" -xf "$base"
  git clone -q "$home" "$root/work/miniplaces-spark"
  cp /etc/resolv.conf /etc/hosts "$root/etc/"
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --bind /dev "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  mount -t tmpfs -o size=4g tmpfs "$root/dev/shm"
  # The certificate authorities this network's machines add (a TLS proxy's, say), into the JDK's trust store too.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    chroot "$root" /usr/sbin/update-ca-certificates >"$work/ca-certificates.log" 2>&1
  fi

  inside() { # the command in the chroot, with a login's environment and nothing of this one's
    chroot "$root" /usr/bin/env -i HOME=/root USER=root LANG=C.UTF-8 TERM=dumb CI="${CI:-}" \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      bash -c "cd /work/miniplaces-spark && $1"
  }

  summary="$work/summary.txt"
  {
    echo "Debian $(cat "$root/etc/debian_version") ($release, debootstrap minbase + openjdk-17-jdk-headless + maven)"
    inside 'java -version 2>&1 | sed -n 1p; mvn -B -v | sed -n '"'"'1s/\x1b\[[0-9;]*m//gp'"'"''
    echo "repository: $(git -C "$home" rev-parse --short HEAD), $(date -u +%Y-%m-%d), $(nproc) cores"
  } >"$summary"
  status=0
  run_timed() { # name, command
    local started=$SECONDS rc=0
    echo "fresh-debian: $2 (log: $work/$1.log)" >&2
    inside "$2" >"$work/$1.log" 2>&1 || rc=$?
    local took=$((SECONDS - started))
    printf '%-22s exit %d after %dm%02ds\n' "$2" "$rc" $((took / 60)) $((took % 60)) >>"$summary"
    [[ $rc -eq 0 ]] || { tail -n 30 "$work/$1.log" >&2; status=1; }
  }
  [[ "$only" == test ]] || run_timed demo "bin/miniplaces demo"
  [[ "$only" == demo ]] || run_timed test "bin/test"
  cat "$summary"
  exit "$status"
}

main "$@"
