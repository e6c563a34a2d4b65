#!/usr/bin/env bash
# What installing a package costs a CI job: each tarball (or npm spec) is installed into an empty
# folder with an empty npm cache, so every dependency comes from the registry. Prints npm's package
# count, the installed size and the wall-clock time. Figures go to BENCHMARKS.md.
#
#   bench/install-size.sh <tarball-or-spec>...
set -euo pipefail
for spec in "$@"; do
  case "$spec" in /*|*://*|*@*) ;; *) spec="$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")" ;; esac
  dir="$(mktemp -d)"
  cache="$(mktemp -d)"
  start=$(date +%s.%N)
  log="$(cd "$dir" && npm install --no-audit --no-fund --cache "$cache" "$spec" 2>&1)"
  end=$(date +%s.%N)
  added="$(grep -o 'added [0-9]* packages' <<<"$log" | grep -o '[0-9]*' || echo '?')"
  mb="$(du -sm "$dir/node_modules" | cut -f1)"
  printf '%s\t%s packages\t%s MB\t%.1f s\n' "$(basename "$spec")" "$added" "$mb" "$(echo "$end - $start" | bc)"
  rm -rf "$dir" "$cache"
done
