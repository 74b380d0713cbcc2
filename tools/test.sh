#!/usr/bin/env bash
# Sets up (Debian packages), then builds and runs the whole test suite:
#   dev     every test (debug build)
#   asan    every test under ASan + UBSan
#   tsan    the runtime's tests under TSan
#   release builds the benchmarks and runs them once (figures, no verdict),
#           then sweeps boot-to-prompt.lua and file-workout.lua over 200 seeds
#           (SALTYSIM_CI_SEEDS=1-1000 for a longer one)
# Any failure stops the script with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh

step() { printf '\n==== %s ====\n' "$*"; }

step "dev: build and test"
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev

step "asan: build and test (ASan + UBSan)"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan

step "tsan: build and test the runtime"
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target sim_runtime_tests
ctest --preset tsan

step "release: build and run the benchmarks"
cmake --preset release >/dev/null
benches=$(cd bench && ls bench_*.cpp 2>/dev/null | sed 's/\.cpp$//')
# shellcheck disable=SC2086
cmake --build --preset release --target saltysim $benches
for b in $benches; do
  echo "-- $b"
  "build/release/bench/$b"
done

step "release: 200-seed sweeps of the boot-to-prompt and file-workout scenarios (determinism checked)"
seeds="${SALTYSIM_CI_SEEDS:-1-200}"
for sc in scenarios/boot-to-prompt.lua scenarios/file-workout.lua; do
  ./build/release/saltysim run "$sc" --seeds "$seeds" --jobs 2 --check-determinism
done

if cmake --build --preset release --target help 2>/dev/null | grep -q servers_target_build; then
  step "target: servers built freestanding for the real kernel"
  cmake --build --preset release --target servers_target_build
fi

step "all test steps passed"
