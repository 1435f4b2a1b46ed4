#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh machine, skipping what is already there:
# the wasm32 target, wasm-bindgen-cli at the version Cargo.toml pins, and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # No --locked: one locked dependency version is not in the registry this machine reaches.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Headless Chromium for the browser tests: Debian's package (a test tool's own browser download
# does not work here), and CJK fonts so that screenshots show Chinese.
# poppler-utils: pdftotext and pdftoppm read the printed report back in the browser test.
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ] || ! command -v pdftotext >/dev/null; then
  echo "setup: installing chromium, CJK fonts and poppler-utils (Debian packages)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
