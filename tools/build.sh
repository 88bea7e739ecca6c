#!/usr/bin/env bash
# npm run build: the WASM module (web/lib/wasm/) and the static site (web/dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build-wasm.sh "$@"
if [[ -f web/build.mjs ]]; then node web/build.mjs; fi
