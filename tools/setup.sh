#!/usr/bin/env bash
# Installs what is missing, and nothing else:
#   tools/setup.sh demo   Debian: emscripten (the WASM build)                + npm ci
#   tools/setup.sh test   Debian: emscripten, catch2, nlohmann-json3-dev, wabt, chromium and
#                         chromium-headless-shell (what the browser tests drive), cmake, g++,
#                         python3-nbconvert, jupyter-nbconvert, python3-ipykernel (the notebook
#                         test), fonts-noto-cjk (Hangul, so the Korean page is drawn and measured
#                         as a reader sees it), mkdocs, mkdocs-material, python3-sphinx (the
#                         publishing recipes of docs/teachers.md, built as written)        + npm ci
# Debian packages are installed with apt-get (as root, or through sudo). On other systems,
# install the same tools yourself (docs/toolchain.md, "Requirements") and this script only checks for them.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-test}"
need=(emscripten)
if [[ "$profile" == "test" ]]; then need+=(catch2 nlohmann-json3-dev wabt chromium chromium-headless-shell cmake g++ python3-nbconvert jupyter-nbconvert python3-ipykernel fonts-noto-cjk mkdocs mkdocs-material python3-sphinx); fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${need[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in em++ node npm; do
  command -v "$tool" >/dev/null || { echo "setup: '$tool' not found; see docs/toolchain.md, \"Requirements\"" >&2; exit 1; }
done

# npm packages, from package-lock.json; again only when they changed.
stamp=node_modules/.package-lock.json
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
