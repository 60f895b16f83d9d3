#!/usr/bin/env bash
# zstd packing on every core: 4 layers of SIZE_MIB (default 256) MiB of compressible data (decimal text, as
# tokenizer dumps and CSV datasets are), packed with --compression zstd, against `zstd -T0 -3` compressing the same
# bytes into a file. Prints the median of each, the ratio (target <= 1.3x) and how busy the CPUs were during the kit
# pack (user+sys over wall x cores, target >= 80%), and its peak RSS (a 1 GiB job: target <= 150 MiB).
# Usage: [ROUNDS=5] bench/zstd.sh [SIZE_MIB]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib=${1:-256}
work=$(mktemp -d /tmp/kit-zstd-bench.XXXXXX)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
need_tools zstd=zstd time=time
export KITOPS_HOME="$work/home"

"$root/kit" version >/dev/null   # build outside the timings
kit="$root/.build/kit/kit"

echo "generating 4 x ${size_mib} MiB of compressible data..." >&2
mkdir -p "$work/ctx"
printf 'manifestVersion: 1.0.0\nmodel:\n  path: m0.txt\n  parts:\n' >"$work/ctx/Kitfile"
for i in 0 1 2 3; do
  seq $((i * 50000000)) 999999999 2>/dev/null | head -c $((size_mib * 1024 * 1024)) >"$work/ctx/m$i.txt" || true  # seq stops on SIGPIPE
  ((i > 0)) && printf '    - path: m%d.txt\n' "$i" >>"$work/ctx/Kitfile"
done
cat "$work"/ctx/m*.txt >/dev/null   # page cache warm for both contenders

ref_once() { cat "$work"/ctx/m0.txt "$work"/ctx/m1.txt "$work"/ctx/m2.txt "$work"/ctx/m3.txt | zstd -q -T0 -3 -c >"$work/ref.zst"; }
kit_once() { /usr/bin/time -f '%e %U %S %M' -o "$work/cpu" "$kit" pack "$work/ctx" -t bench/zstd:v1 --compression zstd; }
cores=$(nproc)
rounds=${ROUNDS:-5}
declare -a r k busy rss
for ((i = 0; i < rounds; i++)); do
  r+=("$(timed ref_once)"); rm -f "$work/ref.zst"
  rm -rf "$KITOPS_HOME"
  k+=("$(timed kit_once)")
  busy+=("$(awk -v c="$cores" '{ printf "%.0f", 100 * ($2 + $3) / ($1 * c) }' "$work/cpu")")
  rss+=("$(awk '{ printf "%d", $4 / 1024 }' "$work/cpu")")
done
ref=$(median "${r[@]}"); kt=$(median "${k[@]}"); b=$(median "${busy[@]}"); m=$(median "${rss[@]}")
echo "rounds: $rounds; kit [${k[*]}] zstd -T0 -3 [${r[*]}] busy% [${busy[*]}]" >&2
rt=$(ratio "$kt" "$ref")
printf 'medians of %d rounds, 4 x %d MiB, %d cores\n' "$rounds" "$size_mib" "$cores"
printf 'zstd   : kit %6.2fs  zstd -T0 -3 %6.2fs  ratio %s (target <= 1.3) %s\n' "$kt" "$ref" "$rt" "$(pass_fail "$rt" 1.3)"
printf 'cpu    : %s%% of %d cores busy during the kit pack (target >= 80) %s\n' "$b" "$cores" "$( ((b >= 80)) && echo PASS || echo FAIL)"
printf 'memory : kit pack peak RSS %d MiB (target <= 150) %s\n' "$m" "$( ((m <= 150)) && echo PASS || echo FAIL)"
