#!/usr/bin/env bash
# Counts the hand-written message-register packing sites in servers/: lines
# of client stubs and server handlers that push or read MRs of a request or
# reply themselves (push/push_inline/push_cap/get/mr[...] on a request or
# reply object, unpack_inline, read_bytes). Generated code (the build's
# servers/gen/proto/) and servers/lib (the codec itself) are not counted.
#   tools/count_mr_sites.sh [ROOT] [-v]    ROOT: a tree with servers/ (default: this checkout)
set -euo pipefail
root=${1:-$(dirname "$0")/..}
verbose=${2:-}
cd "$root"
sites=$(grep -rnE '\b(rq|rp|reply|request|req)(\.|->)(push|push_inline|push_cap|get|mr\[)|unpack_inline\(|read_bytes\(rq' \
          servers --include=*.cpp --include=*.h | grep -v '^servers/lib/' || true)
if [ "$verbose" = "-v" ]; then
  printf '%s\n' "$sites" | awk -F: 'NF { print $1 }' | sort | uniq -c | sort -rn
fi
printf 'hand_written_mr_sites = %s\n' "$(printf '%s' "$sites" | grep -c . || true)"
