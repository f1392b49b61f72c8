# Sourced by test.sh and test-file.sh: KENDRA_SYNC_NODE, the Node 24 that the end-to-end tests run
# the bundle on (what `runs.using: node24` gets on GitHub's runners): this Node when it is 24, a
# KENDRA_SYNC_NODE already set, or one fetched once with npx (its path cached, as the demo does).
cache=node_modules/.cache/kendra-sync/node24-path
is24() { [[ -x "$1" && "$("$1" --version)" == v24.* ]]; }
if [[ -z "${KENDRA_SYNC_NODE:-}" ]]; then
  if [[ "$(node --version)" == v24.* ]]; then
    KENDRA_SYNC_NODE=$(command -v node)
  elif [[ -f "$cache" ]] && is24 "$(cat "$cache")"; then
    KENDRA_SYNC_NODE=$(cat "$cache")
  else
    KENDRA_SYNC_NODE=$(npx --yes node@24 -e 'process.stdout.write(process.execPath)')
    is24 "$KENDRA_SYNC_NODE" && mkdir -p "$(dirname "$cache")" && echo "$KENDRA_SYNC_NODE" >"$cache"
  fi
fi
export KENDRA_SYNC_NODE
export NODE_OPTIONS="--experimental-vm-modules --no-warnings"
