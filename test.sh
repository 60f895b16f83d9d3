#!/usr/bin/env bash
# Installs what the tests need (when root), builds everything, runs every test project,
# and ends with one summary line: "Tests: N passed, N failed[, N skipped]".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

need_packages=()
command -v skopeo >/dev/null 2>&1 || need_packages+=(skopeo)
command -v docker-registry >/dev/null 2>&1 || [[ -x /usr/bin/docker-registry ]] || need_packages+=(docker-registry)
command -v clang >/dev/null 2>&1 || need_packages+=(clang)   # linker for the Native AOT build of the CLI
command -v git >/dev/null 2>&1 || need_packages+=(git)       # kit import --tool git, against git's own HTTP backend
git lfs version >/dev/null 2>&1 || need_packages+=(git-lfs)
command -v zsh >/dev/null 2>&1 || need_packages+=(zsh)     # the completion scripts, run in their shells
command -v fish >/dev/null 2>&1 || need_packages+=(fish)
if ((${#need_packages[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${need_packages[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq "${need_packages[@]}" >/dev/null \
      || { echo "test.sh: apt-get install ${need_packages[*]} failed" >&2; exit 1; }
  else
    echo "test.sh: missing ${need_packages[*]}; install them (Debian: sudo apt-get install ${need_packages[*]})" >&2
    [[ ${CI:-} == true ]] && exit 1
  fi
fi

# The end-to-end tests run the same binary ./kit runs; building it here keeps them off the build path.
./kit version >/dev/null || { echo "test.sh: building the CLI failed" >&2; exit 1; }

dotnet build Kit.slnx -c Release -nologo -v q >.build/test-build.log 2>&1 \
  || { grep -E ' error ' .build/test-build.log >&2 || tail -50 .build/test-build.log >&2; echo "test.sh: build failed" >&2; exit 1; }

# NuGet packages into the local feed .build/feed, for the example app and tool-install tests: the libraries, and the
# kit-dotnet tool as its pointer package, the Native AOT package ./kit made with the binary above (so the native code is
# generated once) and the framework-dependent "any" package for other platforms.
feed=.build/feed
rm -rf "$feed"
mkdir -p "$feed"
pack=(-c Release -o "$feed" -nologo -v q -p:GitCommit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)")
# (Without clang ./kit makes no AOT package; then only the tool-install test fails.)
{ { ! compgen -G ".build/kit-tool/kit-dotnet.*.nupkg" >/dev/null || cp .build/kit-tool/kit-dotnet.*.nupkg "$feed/"; } \
    && dotnet pack src/Kit.Oci/Kit.Oci.csproj --no-build "${pack[@]}" \
    && dotnet pack src/Kit.Core/Kit.Core.csproj --no-build "${pack[@]}" \
    && dotnet pack src/Kit.Cli/Kit.Cli.csproj --no-build "${pack[@]}" \
    && dotnet pack src/Kit.Cli/Kit.Cli.csproj -r any "${pack[@]}"; } >.build/test-pack.log 2>&1 \
  || { grep -E ' error |cp:' .build/test-pack.log >&2 || tail -50 .build/test-pack.log >&2; echo "test.sh: dotnet pack failed" >&2; exit 1; }

log=.build/test.log
dotnet test Kit.slnx -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12 ..."
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- Failed:' "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
assemblies=$(grep -cE '(Passed|Failed)! +- Failed:' "$log")
if [[ $status -eq 0 && $# -eq 0 && $assemblies -lt 3 ]]; then
  echo "test.sh: expected results from 3 test assemblies, got $assemblies" >&2
  status=1
fi
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
