#!/bin/sh
# .ci/pictures.sh makes the README's pictures, docs/map.png and docs/charts.png, from the
# committed exports: index.html opened from file:// in Debian's Chromium (.ci/node/site.mjs,
# playwright-core), the map and the charts as a visitor sees them 1000 px wide. `make pictures`
# runs it; run it again after `make export` changes the pages.
set -eu
cd "$(dirname "$0")/.."
plan=$(mktemp)
report=$(mktemp)
trap 'rm -f "$plan" "$report"' EXIT
mkdir -p docs
printf '{"dir":"%s","pages":[],"pictures":{"page":"index.html","dir":"%s"}}\n' "$PWD/exports" "$PWD/docs" >"$plan"
node .ci/node/site.mjs "$plan" >"$report"
if ! grep -q '"problems": \[\]' "$report" || ! grep -q '"outside": \[\]' "$report"; then
  cat "$report" >&2
  exit 1
fi
ls -l docs/map.png docs/charts.png
