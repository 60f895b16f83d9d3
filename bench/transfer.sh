#!/usr/bin/env bash
# Times kit push/pull of a 512 MiB single-layer ModelKit, in one run, against the real docker-registry on loopback
# (plain HTTP), and prints each figure with its target and PASS/FAIL:
#   pull  kit pull REF --plain-http  vs  the floor: the slower of cp and openssl dgst -sha256 of the blob (<= 1.3, issue 11)
#   push  kit push SRC DEST --plain-http   vs  skopeo copy oci:<our storage>:<ref> docker://...   (target <= 1.0)
#   pull  kit pull REF --plain-http        vs  skopeo copy docker://... oci:<dir>:x              (target <= 0.5)
# skopeo reads kit's store directly: it is a plain OCI layout. Each contender pushes into a fresh registry,
# so neither finds the other's blobs (no HEAD skip, no cross-repository mount).
# Usage: [ROUNDS=5] bench/transfer.sh [SIZE_MIB]   (default 512). Needs docker-registry, skopeo, GNU time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib=${1:-512}
work=$(mktemp -d /tmp/kit-transfer-bench.XXXXXX)
trap stop_and_clean EXIT   # bench/lib.sh

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
need_tools docker-registry=docker-registry skopeo=skopeo time=time

"$root/kit" version >/dev/null   # build outside the timings
kit="$root/.build/kit/kit"



echo "generating and packing ${size_mib} MiB of random model data..." >&2
export KITOPS_HOME="$work/home-src"
mkdir -p "$work/ctx/model"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/ctx/model/weights.bin"
printf 'manifestVersion: 1.0.0\npackage:\n  name: bench\nmodel:\n  name: bench\n  path: model\n' >"$work/ctx/Kitfile"
"$kit" pack "$work/ctx" -t localhost/bench/model:v1 >/dev/null
rm -rf "$work/ctx"
storage="$KITOPS_HOME/storage"
cat "$storage"/blobs/sha256/* >/dev/null   # page cache warm for both contenders
model_blob=$(ls -S "$storage"/blobs/sha256/* | head -1)

manifest_digest() { grep -oE '"digest":"sha256:[0-9a-f]{64}"' "$1/storage/index.json" | head -1; }

# Each round pushes into two fresh registries (so nobody finds blobs already there), then both contenders pull
# from the one kit pushed to; single timings on this VM swing by 2x, so the medians of the rounds are reported.
rounds=${ROUNDS:-5}
declare -a sp kp sl kl floor_cp floor_sha
for ((i = 0; i < rounds; i++)); do
  floor_round "$model_blob"
  reg_kit=$(start_registry "kit-$i")
  reg_skopeo=$(start_registry "skopeo-$i")
  export KITOPS_HOME="$work/home-src"
  sp+=("$(timed skopeo copy -q --dest-tls-verify=false "oci:$storage:localhost/bench/model:v1" "docker://$reg_skopeo/bench/skopeo:v1")")
  kp+=("$(timed /usr/bin/time -v -o "$work/rss-push" "$kit" push localhost/bench/model:v1 "$reg_kit/bench/model:v1" --plain-http)")
  sl+=("$(timed skopeo copy -q --src-tls-verify=false "docker://$reg_kit/bench/model:v1" "oci:$work/skopeo-layout:x")")
  rm -rf "$work/skopeo-layout"
  export KITOPS_HOME="$work/home-pull"
  rm -rf "$KITOPS_HOME"
  kl+=("$(timed /usr/bin/time -v -o "$work/rss-pull" "$kit" pull "$reg_kit/bench/model:v1" --plain-http)")
  # the pulled kit is the one packed: same manifest digest in both stores' index.json
  [[ $(manifest_digest "$work/home-src") == "$(manifest_digest "$KITOPS_HOME")" ]] \
    || { echo "pulled manifest differs from the pushed one" >&2; exit 1; }
  for r in "kit-$i" "skopeo-$i"; do kill "$(cat "$work/registry-$r/pid")" 2>/dev/null || true; rm -rf "$work/registry-$r/data"; done
done
skopeo_push=$(median "${sp[@]}"); kit_push=$(median "${kp[@]}")
skopeo_pull=$(median "${sl[@]}"); kit_pull=$(median "${kl[@]}"); floor=$(floor_median)
echo "rounds: $rounds; push kit [${kp[*]}] skopeo [${sp[*]}]; pull kit [${kl[*]}] skopeo [${sl[*]}]; cp [${floor_cp[*]}] sha256 [${floor_sha[*]}]" >&2
printf 'medians of %d rounds, %d MiB\n' "$rounds" "$size_mib"
report_floor pull "$kit_pull" "$floor" 1.3
r=$(ratio "$kit_push" "$skopeo_push")
printf 'push   : kit %6.2fs  skopeo %6.2fs  ratio %s (target <= 1.0) %s\n' "$kit_push" "$skopeo_push" "$r" "$(pass_fail "$r" 1.0)"
r=$(ratio "$kit_pull" "$skopeo_pull")
printf 'pull   : kit %6.2fs  skopeo %6.2fs  ratio %s (target <= 0.5) %s\n' "$kit_pull" "$skopeo_pull" "$r" "$(pass_fail "$r" 0.5)"
printf 'peak RSS: push %d MiB, pull %d MiB (target <= 150)\n' "$(peak_rss_mib "$work/rss-push")" "$(peak_rss_mib "$work/rss-pull")"
