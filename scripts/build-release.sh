#!/usr/bin/env bash
# Builds Charter's production tree: the compiled server and command line, the files they read at run
# time, and production dependencies only. The Dockerfile runs this same script, so the tree CI tests
# is the tree the image ships.
#
#   scripts/build-release.sh [target-dir]      (default: ./release)
#   node <target-dir>/dist/src/main.js         starts the server from it
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$(mkdir -p "${1:-$ROOT/release}" && cd "${1:-$ROOT/release}" && pwd)"
MARKER=.charter-release
# The target is emptied first: refuse a folder this script did not make.
if [ "$TARGET" = "$ROOT" ] || { [ -n "$(ls -A "$TARGET")" ] && [ ! -f "$TARGET/$MARKER" ]; }; then
  echo "build-release: $TARGET is not empty and was not made by this script; choose another target" >&2
  exit 2
fi
cd "$ROOT"

# `npm install`, never `npm ci`: the lockfile lacks other platforms' optional binaries and `npm ci`
# refuses it. Scripts are off so the build runs once, below, rather than again from `prepare`.
npm install --no-audit --no-fund --prefer-offline --ignore-scripts
npm run build

find "$TARGET" -mindepth 1 -delete
cp -R dist package.json package-lock.json "$TARGET"/
# The workspace packages the server depends on (the compatibility engine, the pipeline commands), as
# npm links them: their manifests and compiled code.
for pkg in packages/*/; do
  mkdir -p "$TARGET/$pkg" && cp -R "$pkg/package.json" "$pkg/dist" "$TARGET/$pkg"
done
# `charter demo load` reads its catalogue from here.
mkdir -p "$TARGET/schemas" && cp -R schemas/demo "$TARGET/schemas/"

cd "$TARGET"
npm install --omit=dev --no-audit --no-fund --prefer-offline --ignore-scripts
touch "$MARKER"
echo "build-release: production tree in $TARGET"
