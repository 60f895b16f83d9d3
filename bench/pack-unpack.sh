#!/usr/bin/env bash
# Times kit pack/unpack of a 1 GiB random model against the physical floor in one run and prints ratios:
#   pack   vs  tar -cf - DIR | tee FILE | openssl dgst -sha256   (read + write + hash, pipelined)
#   unpack vs  tar -xf FILE
# plus kit's peak RSS and the blob bytes `kit tag` adds when tagging into another repository.
# Usage: bench/pack-unpack.sh [SIZE_MIB]   (default 1024)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib=${1:-1024}
work=$(mktemp -d /tmp/kit-bench.XXXXXX)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export KITOPS_HOME="$work/home"

"$root/kit" version >/dev/null   # build outside the timings

echo "generating ${size_mib} MiB of random model data..." >&2
mkdir -p "$work/ctx/model"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/ctx/model/weights.bin"
printf 'manifestVersion: 1.0.0\npackage:\n  name: bench\nmodel:\n  name: bench\n  path: model\n' >"$work/ctx/Kitfile"
cat "$work/ctx/model/weights.bin" >/dev/null   # page cache warm for both contenders

now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
peak_rss_kib() { awk '/Maximum resident set size/ { print $NF }' "$1"; }
time_kit() { # time_kit RSSFILE ARGS...
  local rss=$1; shift
  /usr/bin/time -v -o "$rss" "$root/.build/kit/kit" "$@" >/dev/null 2>&1
}
if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq time >/dev/null; else echo "bench needs GNU time (apt-get install time)" >&2; exit 1; fi
fi

# pack: reference pipeline first, then kit (same cache state). sync before each timing: the kernel throttles
# writers while earlier dirty pages are written back, which would penalise whoever runs second.
sync
t0=$(now); (cd "$work/ctx" && tar -cf - model | tee "$work/ref.tar" | openssl dgst -sha256 >/dev/null); t1=$(now)
ref_pack=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
rm -f "$work/ref.tar"; sync
t0=$(now); time_kit "$work/rss-pack" pack "$work/ctx" -t bench/model:v1; t1=$(now)
kit_pack=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')

# for information: the same pack with every blob fsynced before it is published (KIT_FSYNC=1)
sync
t0=$(now); KITOPS_HOME="$work/home-fsync" KIT_FSYNC=1 "$root/.build/kit/kit" pack "$work/ctx" -t bench/model:v1 >/dev/null 2>&1; t1=$(now)
kit_pack_fsync=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
chmod -R u+w "$work/home-fsync"; rm -rf "$work/home-fsync"

# unpack: tar -xf of an equivalent tar, then kit unpack
(cd "$work/ctx" && tar -cf "$work/ref.tar" model); sync
mkdir -p "$work/out-tar"
t0=$(now); tar -xf "$work/ref.tar" -C "$work/out-tar"; t1=$(now)
ref_unpack=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
rm -rf "$work/out-tar" "$work/ref.tar"; sync
t0=$(now); time_kit "$work/rss-unpack" unpack bench/model:v1 -d "$work/out-kit"; t1=$(now)
kit_unpack=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
cmp -s "$work/ctx/model/weights.bin" "$work/out-kit/model/weights.bin" || { echo "unpacked weights differ!" >&2; exit 1; }

# dedup: tagging into another repository adds no blob bytes
blob_bytes() { du -sb "$KITOPS_HOME/storage/blobs" | cut -f1; }
before=$(blob_bytes)
"$root/.build/kit/kit" tag bench/model:v1 other/copy:v1 >/dev/null
after=$(blob_bytes)

printf 'pack   : kit %6.2fs  tar|tee|openssl %6.2fs  ratio %s (target <= 1.2)\n' "$kit_pack" "$ref_pack" "$(ratio "$kit_pack" "$ref_pack")"
printf 'pack with KIT_FSYNC=1: %6.2fs  ratio %s (durable against power loss; no target)\n' "$kit_pack_fsync" "$(ratio "$kit_pack_fsync" "$ref_pack")"
printf 'unpack : kit %6.2fs  tar -xf         %6.2fs  ratio %s (target <= 1.3)\n' "$kit_unpack" "$ref_unpack" "$(ratio "$kit_unpack" "$ref_unpack")"
printf 'peak RSS: pack %d MiB, unpack %d MiB (target <= 150)\n' $(( $(peak_rss_kib "$work/rss-pack") / 1024 )) $(( $(peak_rss_kib "$work/rss-unpack") / 1024 ))
printf 'kit tag into another repository added %d blob bytes (target 0)\n' $((after - before))
