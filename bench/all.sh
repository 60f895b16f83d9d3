#!/usr/bin/env bash
# Runs every benchmark in turn and ends with the lines that carry a verdict (PASS/FAIL), so one command on an idle
# machine gives every target of the performance issues. Each script's full output is kept in bench/results/<name>.txt.
# Usage: bench/all.sh [script...]   (default: all of them, the slow store build last)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/results"
mkdir -p "$out"
scripts=("$@")
((${#scripts[@]})) || scripts=(pack-unpack repack transfer ranged-pull pack-push zstd store-scale)
"$root/kit" version >/dev/null || exit 1
failed=0
for name in "${scripts[@]}"; do
  script="$root/bench/${name%.sh}.sh"
  [[ -x $script || -f $script ]] || { echo "no such benchmark: $name" >&2; failed=1; continue; }
  echo "== $name ($(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))" >&2
  if ! bash "$script" >"$out/${name%.sh}.txt" 2>"$out/${name%.sh}.err"; then
    echo "$name: the script failed (see $out/${name%.sh}.err)"; failed=1
  fi
done
echo
echo "verdicts:"
for name in "${scripts[@]}"; do
  [[ -f $out/${name%.sh}.txt ]] && grep -E 'PASS|FAIL' "$out/${name%.sh}.txt" | sed "s/^/${name%.sh}: /"
done
for name in "${scripts[@]}"; do
  grep -qE 'FAIL' "$out/${name%.sh}.txt" 2>/dev/null && failed=1
done
exit $failed
