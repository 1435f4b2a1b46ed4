#!/usr/bin/env bash
# Builds the engine and the demo data, then serves the app at http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
PORT=${PORT:-8080}
echo "Lifecircle 生活圈: open http://127.0.0.1:$PORT/ (Ctrl+C stops)"
exec python3 -m http.server --bind 127.0.0.1 "$PORT" --directory www
