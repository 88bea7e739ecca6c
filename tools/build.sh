#!/usr/bin/env bash
# npm run build: the WASM module (web/lib/wasm/), the static site (web/dist/) and the size of
# the package `npm pack` would make of them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build-wasm.sh "$@"
if [[ -f web/build.mjs ]]; then node web/build.mjs; fi
npm pack --dry-run --json --ignore-scripts 2>/dev/null | node -e '
  const [p] = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(`npm pack: ${p.filename} ${(p.size / 1024).toFixed(0)} KiB (${(p.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${p.entryCount} files)`);'
