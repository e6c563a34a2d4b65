#!/usr/bin/env bash
# Packs the slim `charter` command for CI pipelines (@charter/cli) into one tarball that installs on
# its own, from a file or URL, with no registry that knows @charter/engine: the compiled engine
# travels inside it as a bundled dependency, and the engine's own dependencies (avsc, protobufjs,
# ajv) become the tarball's, for npm to install beside it. Compiled JavaScript only: nothing is
# built at install time.
#
#   scripts/pack-cli.sh [--prebuilt] [out-dir]   (default: .)   prints the tarball's path
#     --prebuilt: packages/*/dist is fresh (npm run build just ran); skip building it again
#   npm install --global <tarball>     then: charter check schemas/ ...
set -euo pipefail

PREBUILT=false
if [ "${1:-}" = --prebuilt ]; then PREBUILT=true; shift; fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-.}" && cd "${1:-.}" && pwd)"
cd "$ROOT"

if [ "$PREBUILT" = false ]; then npm run --silent build:packages >&2; fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp -R packages/cli/package.json packages/cli/README.md packages/cli/dist "$STAGE"/
ENGINE="$STAGE/node_modules/@charter/engine"
mkdir -p "$ENGINE"
cp -R packages/engine/package.json packages/engine/dist "$ENGINE"/
# Declarations are for code that compiles against the packages (the server); a command needs none.
find "$STAGE" -name '*.d.ts' -delete

node - "$STAGE" <<'JS'
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const stage = process.argv[2];
const manifest = (path) => JSON.parse(readFileSync(path, 'utf8'));
const cliPath = join(stage, 'package.json');
const enginePath = join(stage, 'node_modules/@charter/engine/package.json');
const cli = manifest(cliPath);
const engine = manifest(enginePath);
if (cli.dependencies[engine.name] !== engine.version) {
  throw new Error(`${cli.name} wants ${engine.name}@${cli.dependencies[engine.name]}, the workspace has ${engine.version}`);
}
for (const [name, range] of Object.entries(engine.dependencies ?? {})) {
  if (cli.dependencies[name] && cli.dependencies[name] !== range) {
    throw new Error(`${name}: ${cli.name} wants ${cli.dependencies[name]}, ${engine.name} wants ${range}; align them`);
  }
  cli.dependencies[name] = range;
}
cli.bundleDependencies = [engine.name];
// The tarball holds what was built; nothing runs at install time.
for (const m of [cli, engine]) {
  delete m.scripts;
  delete m.types;
}
writeFileSync(cliPath, `${JSON.stringify(cli, null, 2)}\n`);
writeFileSync(enginePath, `${JSON.stringify(engine, null, 2)}\n`);
JS

cd "$STAGE"
name="$(npm pack --silent --pack-destination "$OUT")"
echo "$OUT/$name"
