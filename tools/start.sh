#!/usr/bin/env bash
# npm start: install what is missing, build if sources changed, serve web/dist/ and print the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh demo
newest_source=$(find cpp web/src web/lib/core.js web/build.mjs CMakeLists.txt -newer web/dist/index.html 2>/dev/null | head -1 || true)
if [[ ! -f web/dist/index.html || ! -f web/lib/wasm/convt_core.browser.mjs || -n "$newest_source" ]]; then
  bash tools/build.sh
fi
PORT="${PORT:-8080}"
echo "ConvT Lab is being served at http://127.0.0.1:${PORT}/  (open it in a browser; Ctrl+C stops the server)"
exec npx --no-install sirv web/dist --port "$PORT" --host 127.0.0.1 --quiet
