#!/usr/bin/env bash
# Reproduces the Lighthouse scores in the README: builds the sample site,
# serves it on 127.0.0.1 and runs Lighthouse 12.2.3 (mobile) three times on the
# home page, an article and an article with a lead picture and a gallery. Not
# part of CI. Needs Node, Chromium
# (/usr/bin/chromium, or CHROMIUM=path) and the npm registry for the first
# `npm ci`. DATELINE_BIN=path/to/dateline skips `cargo run --release`.
#
#   bash tests/browser/lighthouse.sh [--runs N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."

[ -d "$here/node_modules" ] || (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
[ -d "$here/lighthouse/node_modules" ] || (cd "$here/lighthouse" && npm ci --ignore-scripts --no-audit --no-fund)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${DATELINE_BIN:-}" ]; then
  "$DATELINE_BIN" build --root . --output "$work/site" --now 2025-09-10T12:00:00Z
else
  cargo run --release --locked -- build --root . --output "$work/site" --now 2025-09-10T12:00:00Z
fi
node "$here/lighthouse.mjs" --site "$work/site" "$@"
