#!/usr/bin/env bash
# npm run test:long: the long seeded random sessions (3,000 actions on the page and 3,000 on three
# embeds; `npm test` runs 800 each). Builds first if needed. MONKEY_PAGE_ACTIONS /
# MONKEY_EMBED_ACTIONS override the lengths.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh test
[[ -f web/dist/index.html && -f web/lib/wasm/convt_core.js ]] || bash tools/build.sh
export MONKEY_PAGE_ACTIONS=${MONKEY_PAGE_ACTIONS:-3000} MONKEY_EMBED_ACTIONS=${MONKEY_EMBED_ACTIONS:-3000}
node --test --test-force-exit --test-timeout=3600000 tests/browser/monkey.test.mjs
