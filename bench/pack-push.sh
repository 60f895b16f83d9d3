#!/usr/bin/env bash
# Times `kit pack --push` of a 1 GiB single-layer ModelKit against `kit pack` followed by `kit push`, against the
# real docker-registry on loopback (plain HTTP), and prints the ratio (target < 1.0: streaming saves the store write
# and the second read) and the peak RSS of pack --push above that of a local pack (target: at most about one
# upload chunk, KIT_UPLOAD_CHUNK_MIB, default 100 MiB, for the one layer).
# Each contender packs into an empty home and pushes into a fresh registry, so nobody finds blobs already there.
# Usage: [ROUNDS=4] bench/pack-push.sh [SIZE_MIB]   (default 1024). Needs docker-registry, GNU time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib=${1:-1024}
chunk_mib=${KIT_UPLOAD_CHUNK_MIB:-100}
work=$(mktemp -d /tmp/kit-pack-push-bench.XXXXXX)
trap stop_and_clean EXIT   # bench/lib.sh

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
need_tools docker-registry=docker-registry time=time

"$root/kit" version >/dev/null   # build outside the timings
kit="$root/.build/kit/kit"

echo "generating ${size_mib} MiB of random model data..." >&2
mkdir -p "$work/ctx/model"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/ctx/model/weights.bin"
printf 'manifestVersion: 1.0.0\npackage:\n  name: bench\nmodel:\n  name: bench\n  path: model\n' >"$work/ctx/Kitfile"
cat "$work/ctx/model/weights.bin" >/dev/null   # page cache warm for both contenders
export SOURCE_DATE_EPOCH=1700000000


# What a user runs without --push, timed as one step like pack --push: a sync before it, none between the two
# commands (a sync there would write the stored copy to disk outside the timing, the very cost --push avoids).
pack_then_push() {
  /usr/bin/time -v -o "$work/rss-pack" "$kit" pack "$work/ctx" -t "$1/bench/model:v1" && "$kit" push "$1/bench/model:v1" --plain-http
}

rounds=${ROUNDS:-4}
declare -a two one
for ((i = 0; i < rounds; i++)); do
  reg_two=$(start_registry "two-$i")
  reg_one=$(start_registry "one-$i")
  # Whichever runs second in a round was 1-1.5 s slower here (the disk still absorbing the first one's 1-2 GiB after
  # the sync), so the order alternates from round to round.
  for contender in $( ((i % 2 == 0)) && echo "two one" || echo "one two"); do
    export KITOPS_HOME="$work/home-$contender-$i"
    if [[ $contender == two ]]; then
      two+=("$(timed pack_then_push "$reg_two")")
    else
      one+=("$(timed /usr/bin/time -v -o "$work/rss-pack-push" "$kit" pack "$work/ctx" -t "$reg_one/bench/model:v1" --push --plain-http)")
    fi
  done
  # the same kit either way, and nothing stored by pack --push
  d_two=$(curl -sfI -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$reg_two/v2/bench/model/manifests/v1" | grep -i docker-content-digest)
  d_one=$(curl -sfI -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$reg_one/v2/bench/model/manifests/v1" | grep -i docker-content-digest)
  [[ -n $d_one && $d_one == "$d_two" ]] || { echo "pack --push gave another manifest: '$d_one' vs '$d_two'" >&2; exit 1; }
  [[ -z $(ls -A "$work/home-one-$i/storage/blobs/sha256" 2>/dev/null) ]] || { echo "pack --push stored blobs locally" >&2; exit 1; }
  rm -rf "$work/home-two-$i" "$work/home-one-$i"
  for r in "two-$i" "one-$i"; do kill "$(cat "$work/registry-$r/pid")" 2>/dev/null || true; rm -rf "$work/registry-$r/data"; done
done
t_two=$(median "${two[@]}"); t_one=$(median "${one[@]}")
echo "rounds: $rounds; pack --push [${one[*]}] pack + push [${two[*]}]" >&2
r=$(ratio "$t_one" "$t_two")
rss_one=$(peak_rss_mib "$work/rss-pack-push"); rss_pack=$(peak_rss_mib "$work/rss-pack")
above=$((rss_one - rss_pack))
printf 'medians of %d rounds, %d MiB model\n' "$rounds" "$size_mib"
printf 'time : pack --push %6.2fs  pack + push %6.2fs  ratio %s (target < 1.0) %s\n' "$t_one" "$t_two" "$r" \
  "$(awk -v r="$r" 'BEGIN { print (r < 1.0 ? "PASS" : "FAIL") }')"
printf 'peak RSS: pack --push %d MiB, pack %d MiB: %d MiB above (target <= one %d MiB chunk + 16) %s\n' "$rss_one" "$rss_pack" "$above" "$chunk_mib" \
  "$( ((above <= chunk_mib + 16)) && echo PASS || echo FAIL)"
