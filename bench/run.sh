#!/usr/bin/env bash
# kiln's compile benchmark (issue 7), one command from a clean clone:
#
#   bench/run.sh                          # N = 1,000 and 10,000; writes bench/results.md
#   bench/run.sh --sizes 1000 --runs 3    # any bench/run.py arguments
#   KILN_BENCH_DIR=/dev/shm/kb bench/run.sh   # projects and target/ elsewhere (default: target/bench)
#
# Builds the release kiln, installs hyperfine and GNU time when they are missing and apt is
# usable (bench/run.py falls back to its own loop and getrusage otherwise), then runs
# bench/run.py: generated projects are cached in the bench folder and reused while
# bench/gen.py is unchanged. Needs cargo and python3 (standard library only).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})) && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    echo "installing ${missing[*]} with apt-get" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2 \
        || echo "could not install ${missing[*]}; bench/run.py measures without them" >&2
fi

cargo build --release --locked --bin kiln >&2
exec python3 "$root/bench/run.py" "$@"
