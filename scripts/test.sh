#!/usr/bin/env bash
# Every check, in the order that fails fastest: static checks (types, lint, format, workflows, the
# import floors, dead code), dist in step, then the suites.
# One jest run: the unit and simulator tests on this machine's Node, the end-to-end tests with
# the committed bundle on Node 24 (what `runs.using: node24` gets on GitHub's runners), fetched
# once with npx when this machine has another Node.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "$(node --version)" == v24.* ]]; then
  node24=$(command -v node)
else
  node24=$(npx --yes node@24 -e 'process.stdout.write(process.execPath)')
fi

npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
npm run --silent actionlint
# The shape of src/ (.dependency-cruiser.cjs: no circles, no import up a floor); it needs Node 22+.
"$node24" node_modules/.bin/depcruise src --config .dependency-cruiser.cjs
npm run --silent knip
node scripts/build.mjs --check
export KENDRA_SYNC_NODE="$node24"
export NODE_OPTIONS="--experimental-vm-modules --no-warnings"
results=$(mktemp -d)
# The closing line, in the plain "N passed, N failed" form.
trap 'node scripts/tally.mjs "$results"' EXIT

echo "== unit and simulator tests on Node $(node --version), end-to-end tests on Node $("$node24" --version)"
npx jest --json --outputFile="$results/jest.json" "$@"
