#!/usr/bin/env bash
# Mutation testing (stryker.config.mjs) on Node 24: StrykerJS 10 needs Node 22 or later.
# Arguments go to `stryker run`: --mutate src/lifecycle/judge.ts, --force (no incremental), ...
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "$(node --version)" == v2[4-9].* ]]; then
  node24=$(command -v node)
else
  node24=$(npx --yes node@24 -e 'process.stdout.write(process.execPath)')
fi
exec "$node24" node_modules/@stryker-mutator/core/bin/stryker.js run "$@"
