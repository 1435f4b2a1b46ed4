#!/usr/bin/env bash
# The benchmark, one command: native figures (cargo bench) then WebAssembly under Node against
# npm kdbush. Results go to the terminal; BENCHMARKS.md records them with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
echo "=== native ==="
cargo bench --quiet
echo "=== wasm under Node ==="
node --max-old-space-size=8192 bench/bench.mjs
