#!/usr/bin/env bash
# `npm run test:file -- <path> [jest options]`: just that file's tests (or a folder's), on one
# worker, with the Node options the suite needs and no static checks first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -eq 0 ]]; then
  echo 'usage: npm run test:file -- <test file or folder> [jest options, e.g. -t "name"]' >&2
  exit 2
fi
source scripts/node24.sh
exec jest --maxWorkers=1 "$@"
