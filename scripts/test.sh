#!/usr/bin/env bash
# Runs every test: formatting and lints, native unit/integration/property/conformance tests, the
# WebAssembly API and SIMD kernels under Node (wasm-bindgen-test), the built JS package under Node,
# the front end's type check, the app in headless Chromium, and a compile check of the benchmarks.
# Installs what it needs on a fresh machine first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

step() { echo; echo "=== $* ==="; }

step "format and lints (native, and the WebAssembly facade)"
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --quiet -- -D warnings

step "native tests (release: the property tests run 1,000-edit sequences against brute force)"
cargo test --release

step "fuzz every importer for a minute (seeded mutations of the demo and ../shared/data; docs/FUZZING.md)"
if [ -d ../shared/data ] || [ "${LIFECIRCLE_REQUIRE_SHARED:-}" = 1 ]; then
  cargo run --release --quiet --example fuzz -- --seconds 60 --jobs 2 --shared ../shared/data
else
  echo "notice: ../shared/data is not beside the checkout; the fuzz run needs its real files (skipped)"
fi

step "WebAssembly under Node (wasm-bindgen-test): the API, and the SIMD coverage kernels against brute force"
cargo test --target wasm32-unknown-unknown --test wasm_api
cargo test --target wasm32-unknown-unknown --lib

step "build the web package and demo data, then test the JS API as JS sees it (and as TypeScript: tests/ts)"
./scripts/build.sh
node --test tests/js/
# The project-file fuzz target: the worker opens mutated project files for half a minute.
node scripts/fuzz-project.mjs --seconds 30

step "type-check the front end's ES modules (TypeScript checkJs over JSDoc; page and workers)"
./node_modules/.bin/tsc -p www/tsconfig.json
./node_modules/.bin/tsc -p www/worker/tsconfig.json

step "the map app end to end in headless Chromium (screenshots in test-artifacts/)"
node --test tests/browser/

step "benchmarks compile"
cargo bench --no-run --quiet
node --check bench/bench.mjs
node --check bench/drag.mjs
node --check bench/worker-drag.mjs
node --check bench/compare-builds.mjs
node --check bench/app-memory.mjs

step "drag benchmark smoke run (3,000 residents; the script works, nothing timed is asserted)"
node bench/drag.mjs 3000 --smoke
echo "all tests passed"
