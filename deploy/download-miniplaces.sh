#!/usr/bin/env bash
# Downloads MiniPlaces (MIT CSAIL; 100 scene classes, 100,000 train / 10,000 val / 10,000 test images of
# 128x128) into the layout `miniplaces ingest` reads, checks it, and prints the ingest command.
#
#   deploy/download-miniplaces.sh DIR           download and unpack into DIR, then check it
#   deploy/download-miniplaces.sh --check DIR   only check that DIR holds the MiniPlaces layout (any size)
#
# Layout: DIR/images/{train,val,test}/ (images; from data.tar.gz), DIR/train.txt, DIR/val.txt ("path label",
# paths relative to images/) and DIR/categories.txt ("/a/abbey 0"; from the development kit on GitHub).
# Environment: MINIPLACES_DATA_URL (default: CSAIL's data.tar.gz, then its older host), MINIPLACES_KIT_URL
# (where train.txt, val.txt and categories.txt are), MINIPLACES_SHA256 (the archive's expected SHA-256: no
# published checksum is known, so by default the script prints the archive's for you to record).
set -euo pipefail

data_urls=("${MINIPLACES_DATA_URL:-https://places.csail.mit.edu/miniplaces/data/data.tar.gz}")
[[ -n "${MINIPLACES_DATA_URL:-}" ]] || data_urls+=("http://miniplaces.csail.mit.edu/data/data.tar.gz")
kit_url="${MINIPLACES_KIT_URL:-https://raw.githubusercontent.com/CSAILVision/miniplaces/master/data}"

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
fail() {
  echo "download-miniplaces: $*" >&2
  exit 1
}

# Checks DIR; with "full", also MiniPlaces' own sizes. Prints a summary; fails naming the first problem.
check_layout() {
  local dir="$1" full="${2:-}"
  for folder in images/train images/val images/test; do
    [[ -d "$dir/$folder" ]] || fail "missing folder $dir/$folder"
  done
  for file in train.txt val.txt categories.txt; do
    [[ -s "$dir/$file" ]] || fail "missing or empty file $dir/$file"
  done

  local classes
  classes="$(grep -c . "$dir/categories.txt")"
  awk -v n="$classes" -v f="$dir/categories.txt" '
    NF == 0 { next }
    NF != 2 || $1 !~ /^\// || $2 !~ /^[0-9]+$/ { printf "%s:%d: expected \"/<letter>/<category> <id>\", got \"%s\"\n", f, NR, $0; exit 1 }
    $2 >= n || seen[$2]++ { printf "%s:%d: id %s repeated or not in 0..%d\n", f, NR, $2, n - 1; exit 1 }
  ' "$dir/categories.txt" >&2 || fail "bad category list (above)"

  local split listed
  for split in train val; do
    awk -v n="$classes" -v s="$split" -v f="$dir/$split.txt" '
      NF == 0 { next }
      NF != 2 || index($1, s "/") != 1 || $2 !~ /^[0-9]+$/ || $2 >= n {
        printf "%s:%d: expected \"%s/<path> <label in 0..%d>\", got \"%s\"\n", f, NR, s, n - 1, $0; exit 1 }
    ' "$dir/$split.txt" >&2 || fail "bad label list $dir/$split.txt (above)"
    # Every listed image exists (a set difference, not a stat per line: 100,000 lines).
    listed="$(awk 'NF { print $1 }' "$dir/$split.txt" | sort -u)"
    missing="$(comm -23 <(echo "$listed") <(cd "$dir/images" && find "$split" -type f | sort))"
    [[ -z "$missing" ]] || fail "$(wc -l <<<"$missing") images listed in $dir/$split.txt are missing under" \
      "$dir/images, e.g. $(head -1 <<<"$missing")"
  done

  local train val test
  train="$(grep -c . "$dir/train.txt")" val="$(grep -c . "$dir/val.txt")"
  test="$(find "$dir/images/test" -type f | wc -l)"
  if [[ "$full" == full ]]; then
    [[ "$classes $train $val $test" == "100 100000 10000 10000" ]] ||
      fail "expected MiniPlaces' 100 classes and 100000/10000/10000 train/val/test images, found" \
        "$classes classes and $train/$val/$test"
  fi
  echo "MiniPlaces layout OK in $dir: $classes classes, $train train, $val val, $test test images"
}

download() { # url, file: fails with the URL and curl's reason
  echo "downloading $1" >&2
  curl -fL --retry 3 --connect-timeout 20 --progress-bar -o "$2" "$1"
}

case "${1:-}" in
  --check)
    [[ $# -eq 2 ]] || usage
    [[ -d "$2" ]] || fail "no such folder: $2"
    check_layout "$2"
    ;;
  "" | -*) usage ;;
  *)
    [[ $# -eq 1 ]] || usage
    dir="$1"
    mkdir -p "$dir"
    archive="$dir/data.tar.gz"
    if [[ ! -s "$archive" ]]; then
      for url in "${data_urls[@]}"; do
        download "$url" "$archive.part" && mv "$archive.part" "$archive" && break
        echo "download-miniplaces: could not download $url" >&2
      done
      [[ -s "$archive" ]] || fail "no MiniPlaces archive could be downloaded (tried ${data_urls[*]}); set" \
        "MINIPLACES_DATA_URL to a copy, or put data.tar.gz into $dir yourself"
    fi
    sha256="$(sha256sum "$archive" | cut -d' ' -f1)"
    if [[ -n "${MINIPLACES_SHA256:-}" && "$sha256" != "$MINIPLACES_SHA256" ]]; then
      fail "$archive has SHA-256 $sha256, expected MINIPLACES_SHA256=$MINIPLACES_SHA256 (remove it to download again)"
    fi
    echo "archive SHA-256 $sha256" >&2
    echo "unpacking $archive" >&2
    tar -xzf "$archive" -C "$dir" || fail "could not unpack $archive (truncated? remove it to download again)"
    if [[ ! -d "$dir/images" && -d "$dir/data/images" ]]; then # an archive with a top folder data/
      mv "$dir/data/images" "$dir/images"
    fi
    for file in train.txt val.txt categories.txt; do
      download "$kit_url/$file" "$dir/$file" || fail "could not download $kit_url/$file"
    done
    check_layout "$dir" full
    echo "next: bin/miniplaces ingest --source $dir --output datasets/miniplaces"
    ;;
esac
