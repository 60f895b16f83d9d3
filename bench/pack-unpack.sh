#!/usr/bin/env bash
# Times kit pack/unpack of a 1 GiB random model against the physical floor in one run and prints ratios:
#   pack   vs  tar -cf - DIR | tee FILE | openssl dgst -sha256   (read + write + hash, pipelined)
#   unpack vs  tar -xf FILE
# plus kit's peak RSS and the blob bytes `kit tag` adds when tagging into another repository.
# Usage: [ROUNDS=3] bench/pack-unpack.sh [SIZE_MIB]   (default 1024)
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

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
need_tools time=time openssl=openssl

# Each round times every contender once, alternating, after a sync: the kernel throttles writers while earlier
# dirty pages are written back, and on a VM disk that swings single timings by 2-3x. The medians are reported.
kit="$root/.build/kit/kit"
ref_pack_once() { (cd "$work/ctx" && tar -cf - model | tee "$work/ref.tar" | openssl dgst -sha256 >/dev/null); }
kit_pack_once() { rm -rf "$KITOPS_HOME"; /usr/bin/time -v -o "$work/rss-pack" "$kit" pack "$work/ctx" -t bench/model:v1; }
kit_pack_fsync_once() { KITOPS_HOME="$work/home-fsync" KIT_FSYNC=1 "$kit" pack "$work/ctx" -t bench/model:v1; }
ref_unpack_once() { rm -rf "$work/out-tar"; mkdir -p "$work/out-tar"; tar -xf "$work/unpack-ref.tar" -C "$work/out-tar"; }
kit_unpack_once() { rm -rf "$work/out-kit"; /usr/bin/time -v -o "$work/rss-unpack" "$kit" unpack bench/model:v1 -d "$work/out-kit"; }
rounds=${ROUNDS:-3}
declare -a rp kp kf ru ku
for ((i = 0; i < rounds; i++)); do
  rp+=("$(timed ref_pack_once)"); rm -f "$work/ref.tar"
  kp+=("$(timed kit_pack_once)")
  kf+=("$(timed kit_pack_fsync_once)"); chmod -R u+w "$work/home-fsync"; rm -rf "$work/home-fsync"
  (cd "$work/ctx" && tar -cf "$work/unpack-ref.tar" model)
  ru+=("$(timed ref_unpack_once)"); rm -rf "$work/out-tar" "$work/unpack-ref.tar"
  ku+=("$(timed kit_unpack_once)")
  cmp -s "$work/ctx/model/weights.bin" "$work/out-kit/model/weights.bin" || { echo "unpacked weights differ!" >&2; exit 1; }
  rm -rf "$work/out-kit"
done
ref_pack=$(median "${rp[@]}"); kit_pack=$(median "${kp[@]}"); kit_pack_fsync=$(median "${kf[@]}")
ref_unpack=$(median "${ru[@]}"); kit_unpack=$(median "${ku[@]}")
echo "rounds: $rounds; pack kit [${kp[*]}] ref [${rp[*]}]; unpack kit [${ku[*]}] ref [${ru[*]}]" >&2

# dedup: tagging into another repository adds no blob bytes
blob_bytes() { du -sb "$KITOPS_HOME/storage/blobs" | cut -f1; }
before=$(blob_bytes)
"$kit" tag bench/model:v1 other/copy:v1 >/dev/null
after=$(blob_bytes)

printf 'medians of %d rounds\n' "$rounds"
printf 'pack   : kit %6.2fs  tar|tee|openssl %6.2fs  ratio %s (target <= 1.2)\n' "$kit_pack" "$ref_pack" "$(ratio "$kit_pack" "$ref_pack")"
printf 'pack with KIT_FSYNC=1: %6.2fs  ratio %s (durable against power loss; no target)\n' "$kit_pack_fsync" "$(ratio "$kit_pack_fsync" "$ref_pack")"
printf 'unpack : kit %6.2fs  tar -xf         %6.2fs  ratio %s (target <= 1.3)\n' "$kit_unpack" "$ref_unpack" "$(ratio "$kit_unpack" "$ref_unpack")"
printf 'peak RSS: pack %d MiB, unpack %d MiB (target <= 150)\n' "$(peak_rss_mib "$work/rss-pack")" "$(peak_rss_mib "$work/rss-unpack")"
printf 'kit tag into another repository added %d blob bytes (target 0)\n' $((after - before))
