#!/usr/bin/env bash
# Times kit pack/unpack (no compression) of a 1 GiB random model against the physical floor in one run, the slower
# of `cp` and `openssl dgst -sha256` of the model file, and prints each ratio with its target and PASS/FAIL:
#   pack   <= 1.15x the floor    unpack <= 1.15x the floor   (issue 11)
# plus tar for reference, kit's peak RSS and the blob bytes `kit tag` adds when tagging into another repository.
# Usage: [ROUNDS=5] bench/pack-unpack.sh [SIZE_MIB]   (default 1024)
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
# The previous round's store is removed before the timing, as the floor's copy is: deleting 1 GiB takes ~0.4 s here.
kit_pack_once() { /usr/bin/time -v -o "$work/rss-pack" "$kit" pack "$work/ctx" -t bench/model:v1; }
kit_pack_fsync_once() { KITOPS_HOME="$work/home-fsync" KIT_FSYNC=1 "$kit" pack "$work/ctx" -t bench/model:v1; }
ref_unpack_once() { rm -rf "$work/out-tar"; mkdir -p "$work/out-tar"; tar -xf "$work/unpack-ref.tar" -C "$work/out-tar"; }
kit_unpack_once() { rm -rf "$work/out-kit"; /usr/bin/time -v -o "$work/rss-unpack" "$kit" unpack bench/model:v1 -d "$work/out-kit"; }
rounds=${ROUNDS:-5}
declare -a rp kp kf ru ku floor_cp floor_sha
for ((i = 0; i < rounds; i++)); do
  floor_round "$work/ctx/model/weights.bin"
  rp+=("$(timed ref_pack_once)"); rm -f "$work/ref.tar"
  rm -rf "$KITOPS_HOME"
  kp+=("$(timed kit_pack_once)")
  kf+=("$(timed kit_pack_fsync_once)"); chmod -R u+w "$work/home-fsync"; rm -rf "$work/home-fsync"
  (cd "$work/ctx" && tar -cf "$work/unpack-ref.tar" model)
  ru+=("$(timed ref_unpack_once)"); rm -rf "$work/out-tar" "$work/unpack-ref.tar"
  ku+=("$(timed kit_unpack_once)")
  cmp -s "$work/ctx/model/weights.bin" "$work/out-kit/model/weights.bin" || { echo "unpacked weights differ!" >&2; exit 1; }
  rm -rf "$work/out-kit"
done
ref_pack=$(median "${rp[@]}"); kit_pack=$(median "${kp[@]}"); kit_pack_fsync=$(median "${kf[@]}")
ref_unpack=$(median "${ru[@]}"); kit_unpack=$(median "${ku[@]}"); floor=$(floor_median)
echo "rounds: $rounds; pack kit [${kp[*]}] ref [${rp[*]}]; unpack kit [${ku[*]}] ref [${ru[*]}]; cp [${floor_cp[*]}] sha256 [${floor_sha[*]}]" >&2

# dedup: tagging into another repository adds no blob bytes
blob_bytes() { du -sb "$KITOPS_HOME/storage/blobs" | cut -f1; }
before=$(blob_bytes)
"$kit" tag bench/model:v1 other/copy:v1 >/dev/null
after=$(blob_bytes)

printf 'medians of %d rounds, %d MiB\n' "$rounds" "$size_mib"
report_floor pack "$kit_pack" "$floor" 1.15
report_floor unpack "$kit_unpack" "$floor" 1.15
printf 'for reference: tar|tee|openssl %.2fs (kit/that %s), tar -xf %.2fs (kit/that %s), pack with KIT_FSYNC=1 %.2fs (no target)\n' \
  "$ref_pack" "$(ratio "$kit_pack" "$ref_pack")" "$ref_unpack" "$(ratio "$kit_unpack" "$ref_unpack")" "$kit_pack_fsync"
printf 'peak RSS: pack %d MiB, unpack %d MiB (target <= 150)\n' "$(peak_rss_mib "$work/rss-pack")" "$(peak_rss_mib "$work/rss-unpack")"
printf 'kit tag into another repository added %d blob bytes (target 0)\n' $((after - before))
