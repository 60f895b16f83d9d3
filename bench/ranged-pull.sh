#!/usr/bin/env bash
# Parallel ranged download of one large blob: pulls a ModelKit whose single layer is SIZE_MIB (default 256) through a
# proxy that limits EACH connection to RATE_MB MB/s (default 20, as cloud registries and proxies do), once with
# --concurrency 1 and once with the default, and prints the speed-up (target >= 3x). Each pull goes into a fresh home.
# The proxy is socat forking one `pv -L` rate limit per connection, towards the client only.
# Usage: [ROUNDS=5] [RATE_MB=20] bench/ranged-pull.sh [SIZE_MIB]. Needs docker-registry, socat, pv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib=${1:-256}
rate_mb=${RATE_MB:-20}
work=$(mktemp -d /tmp/kit-ranged-bench.XXXXXX)
trap stop_and_clean EXIT   # bench/lib.sh
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
need_tools docker-registry=docker-registry socat=socat pv=pv

"$root/kit" version >/dev/null   # build outside the timings
kit="$root/.build/kit/kit"
registry=$(start_registry main)

echo "packing and pushing ${size_mib} MiB of random model data..." >&2
export KITOPS_HOME="$work/home-src"
mkdir -p "$work/ctx/model"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/ctx/model/weights.bin"
printf 'manifestVersion: 1.0.0\npackage:\n  name: bench\nmodel:\n  name: bench\n  path: model\n' >"$work/ctx/Kitfile"
"$kit" pack "$work/ctx" -t "$registry/bench/ranged:v1" >/dev/null
"$kit" push "$registry/bench/ranged:v1" --plain-http >/dev/null
rm -rf "$work/ctx" "$KITOPS_HOME"

proxy_port=$(( (RANDOM % 20000) + 30000 ))
socat "TCP-LISTEN:$proxy_port,bind=127.0.0.1,fork,reuseaddr" \
  "SYSTEM:socat - TCP\:${registry//:/\\:} | pv -q -L ${rate_mb}m" &
echo $! >"$work/proxy.pid"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$proxy_port") 2>/dev/null && break; sleep 0.1; done

pull() { # pull CONCURRENCY...
  export KITOPS_HOME="$work/home-pull"
  rm -rf "$KITOPS_HOME"
  "$kit" pull "127.0.0.1:$proxy_port/bench/ranged:v1" --plain-http "$@"
}
rounds=${ROUNDS:-5}
declare -a one many
for ((i = 0; i < rounds; i++)); do
  one+=("$(timed pull --concurrency 1)")
  many+=("$(timed pull)")
  [[ -s $work/home-pull/storage/index.json ]] || { echo "pull through the proxy failed" >&2; pull; exit 1; }
done
t_one=$(median "${one[@]}"); t_many=$(median "${many[@]}")
speedup=$(ratio "$t_one" "$t_many")
echo "rounds: $rounds; --concurrency 1 [${one[*]}] default [${many[*]}]" >&2
printf 'ranged pull of %d MiB at %d MB/s per connection, medians of %d rounds\n' "$size_mib" "$rate_mb" "$rounds"
printf 'concurrency 1: %6.2fs  default: %6.2fs  speed-up %sx (target >= 3.0) %s\n' "$t_one" "$t_many" "$speedup" \
  "$(awk -v s="$speedup" 'BEGIN { print (s >= 3.0) ? "PASS" : "FAIL" }')"
