#!/usr/bin/env bash
# Shared by the bench scripts (sourced): timing, medians, ratios, tools, and a throwaway docker-registry.
# Expects $work (a temporary directory the caller removes) to be set before start_registry is called.

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
peak_rss_mib() { awk '/Maximum resident set size/ { printf "%d", $NF / 1024 }' "$1"; }
timed() { # timed CMD... -> seconds; a sync first, since the kernel throttles writers (the registry, the puller)
  local t0 t1; sync; t0=${EPOCHREALTIME/,/.}; "$@" >/dev/null 2>&1; t1=${EPOCHREALTIME/,/.}   # while earlier dirty pages are written back
  elapsed "$t0" "$t1"
}

# need_tools CMD=PACKAGE... : installs missing Debian packages as root, else names them and exits
need_tools() {
  local missing=() pair
  for pair in "$@"; do
    type -P "${pair%%=*}" >/dev/null || [[ -x /usr/bin/${pair%%=*} ]] || missing+=("${pair#*=}")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq "${missing[@]}" >/dev/null
  else echo "bench needs: apt-get install ${missing[*]}" >&2; exit 1; fi
}

# start_registry NAME -> prints host:port; config per reference/registry-testbed.md section 1
start_registry() {
  local dir="$work/registry-$1"
  mkdir -p "$dir"
  cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:0
  secret: bench
YAML
  /usr/bin/docker-registry serve "$dir/config.yml" >"$dir/stdout.log" 2>"$dir/stderr.log" &
  echo $! >"$dir/pid"
  local port=""
  for _ in $(seq 100); do
    port=$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+' "$dir/stderr.log" 2>/dev/null | head -1 | sed 's/.*://') || true
    [[ -n $port ]] && break
    sleep 0.05
  done
  [[ -n $port ]] || { echo "registry $1 did not start:" >&2; cat "$dir/stderr.log" >&2; exit 1; }
  echo "127.0.0.1:$port"
}

# The physical floor of a job that checks digests: the slower of copying the bytes and hashing them (SHA-256 of one
# blob is sequential). floor_round FILE appends one timing of each to the arrays floor_cp and floor_sha.
floor_round() {
  floor_cp+=("$(timed cp "$1" "$work/floor-copy")"); rm -f "$work/floor-copy"
  floor_sha+=("$(timed openssl dgst -sha256 "$1")")
}
floor_median() { # -> the slower of the median copy and the median hash
  local c s; c=$(median "${floor_cp[@]}"); s=$(median "${floor_sha[@]}")
  awk -v a="$c" -v b="$s" 'BEGIN { print (a > b) ? a : b }'
}
pass_fail() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "PASS" : "FAIL" }'; }
# report_floor LABEL KIT_SECONDS FLOOR_SECONDS TARGET_RATIO: one line with the figure, the target and PASS/FAIL
report_floor() {
  local r; r=$(ratio "$2" "$3")
  printf '%-7s: kit %6.2fs  floor %6.2fs (cp %.2fs, sha256 %.2fs)  ratio %s (target <= %s) %s\n' \
    "$1" "$2" "$3" "$(median "${floor_cp[@]}")" "$(median "${floor_sha[@]}")" "$r" "$4" "$(pass_fail "$r" "$4")"
}

# stop_and_clean: the EXIT trap of the scripts that start registries (or a proxy). start_registry runs in a command
# substitution (a subshell), so the pids travel through files; the script keeps its own exit status, so a registry still
# shutting down while $work is removed does not turn a finished run into a failure.
stop_and_clean() {
  local rc=$? f
  # `|| true`: under set -e a failed kill (a registry the loop already stopped) would end the trap with status 1
  for f in "$work"/registry-*/pid "$work"/proxy.pid; do [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null || true; done
  chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"
  exit "$rc"
}
