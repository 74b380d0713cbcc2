#!/usr/bin/env bash
# Sets up (Debian packages), builds the release preset and runs saltysim.
# Arguments go to `saltysim run` (default: the default scenario).
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target saltysim >/dev/null
exec ./build/release/saltysim run "$@"
