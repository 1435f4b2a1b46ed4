#!/usr/bin/env bash
# Builds everything the app needs: the WebAssembly engine into www/pkg and the synthetic demo
# district into www/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --lib --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/release/lifecircle.wasm
cargo run --release --quiet -- demo --out www/demo
echo "build: www/pkg ($(du -h www/pkg/lifecircle_bg.wasm | cut -f1) wasm) and www/demo are ready"
