#!/usr/bin/env bash
# `npm run mutate`: mutation testing (stryker.config.mjs) on Node 24, as StrykerJS 10 needs Node 22
# or later. Arguments go to `stryker run`: --mutate src/lifecycle/judge.ts, --force, --concurrency 2.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
exec "$KENDRA_SYNC_NODE" node_modules/@stryker-mutator/core/bin/stryker.js run "$@"
