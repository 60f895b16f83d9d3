#!/usr/bin/env bash
# The store at scale: KITS (default 1000) ModelKits in their own repositories with 10 tags each (10,000 index.json
# entries), then the median of ROUNDS (default 5) runs of each command on it, with its peak RSS, against the targets:
# list <= 100 ms, tag into a new repository <= 40 ms, remove of one tag with collection <= 80 ms, inspect <= 30 ms,
# each <= 60 MiB (kit version: startup, for reference). Building the store takes one pack per kit (a few minutes at 1000).
# Usage: [KITS=1000] [ROUNDS=5] [HOME_DIR=dir] bench/store-scale.sh
#   HOME_DIR: build the store there (kept afterwards), or reuse the one a previous run built there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d /tmp/kit-store-scale.XXXXXX)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
need_tools time=time
export KITOPS_HOME="${HOME_DIR:-$work/home}"

"$root/kit" version >/dev/null   # build outside the timings
kit="$root/.build/kit/kit"
kits=${KITS:-1000}
rounds=${ROUNDS:-5}

if [[ -f "$KITOPS_HOME/storage/index.json" ]]; then
  echo "reusing the store in $KITOPS_HOME" >&2
else
  echo "packing $kits ModelKits x 10 tags..." >&2
  mkdir -p "$work/ctx/model"
  printf 'manifestVersion: 1.0.0\npackage:\n  name: scale\nmodel:\n  name: scale\n  path: model\n' >"$work/ctx/Kitfile"
  for ((i = 0; i < kits; i++)); do
    echo "weights $i" >"$work/ctx/model/w.bin"
    "$kit" pack "$work/ctx" -t "scale/m$i:t0,t1,t2,t3,t4,t5,t6,t7,t8,t9" --log-level warn --progress none >/dev/null
  done
fi
echo "index.json: $(stat -c %s "$KITOPS_HOME/storage/index.json") bytes" >&2

mid="scale/m$((kits / 2)):t0"
# measure NAME TARGET_MS CMD... : median wall time and peak RSS over $rounds runs (TARGET_MS 0: no target, for reference);
# {n} in CMD becomes the round number. The time is of the command alone; the RSS comes from a second run under
# /usr/bin/time, whose own start would otherwise be counted in every figure.
measure() {
  local name=$1 target=$2; shift 2
  local -a times rss
  for ((r = 0; r < rounds; r++)); do
    local -a cmd=("${@//\{n\}/$r}")
    # A sync, then a moment for the journal commit it starts: run right after it, a 25 ms command here took 33 ms
    # about one time in three, measuring the flush rather than the command.
    sync
    sleep 0.2
    local t0 t1; t0=${EPOCHREALTIME/,/.}
    "${cmd[@]}" >/dev/null 2>&1
    t1=${EPOCHREALTIME/,/.}
    times+=("$(elapsed "$t0" "$t1")")
  done
  for ((r = 0; r < rounds; r++)); do
    local -a cmd=("${@//\{n\}/$((r + rounds))}")
    /usr/bin/time -v -o "$work/time.txt" "${cmd[@]}" >/dev/null 2>&1
    rss+=("$(peak_rss_mib "$work/time.txt")")
  done
  local ms; ms=$(awk -v t="$(median "${times[@]}")" 'BEGIN { printf "%d", t * 1000 }')
  local mib; mib=$(median "${rss[@]}")
  local verdict="(for reference)"
  ((target > 0)) && verdict="(target <= $(printf '%3d' "$target")) $( ((ms <= target)) && echo PASS || echo FAIL)"
  printf '%-28s %5d ms %-23s  peak RSS %3d MiB (target <= 60) %s\n' "$name" "$ms" "$verdict" \
    "$mib" "$( ((mib <= 60)) && echo PASS || echo FAIL)"
}

echo "store of $kits ModelKits x 10 tags; medians of $rounds runs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "kit version" 0 "$kit" version
measure "kit inspect" 30 "$kit" inspect "$mid"
measure "kit list" 100 "$kit" list
measure "kit tag (new repository)" 40 "$kit" tag "$mid" "scale/new{n}:x"
measure "kit remove (one tag + GC)" 80 "$kit" remove "scale/new{n}:x"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
