#!/usr/bin/env bash
# Builds everything the app needs: the WebAssembly engine into www/pkg (an npm package with its
# TypeScript declarations), the synthetic demo
# district into www/demo, and MapLibre GL JS and earcut into www/vendor.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --lib --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/release/lifecircle.wasm
# The engine as an npm package for other web apps (name, version, types, files).
node scripts/pkg-json.mjs
cargo run --release --quiet -- demo --out www/demo
# MapLibre GL JS from npm (pinned in package.json), served from the app's own origin.
mkdir -p www/vendor/maplibre-gl
cp node_modules/maplibre-gl/dist/maplibre-gl.mjs node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs \
   node_modules/maplibre-gl/dist/maplibre-gl.css node_modules/maplibre-gl/LICENSE.txt www/vendor/maplibre-gl/
# earcut (MapLibre's own polygon triangulation) for the choropleth drawn by the page.
mkdir -p www/vendor/earcut
cp node_modules/earcut/src/earcut.js node_modules/earcut/src/earcut.d.ts node_modules/earcut/LICENSE www/vendor/earcut/
echo "build: www/pkg ($(du -h www/pkg/lifecircle_bg.wasm | cut -f1) wasm) and www/demo are ready"
