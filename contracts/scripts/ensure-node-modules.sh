#!/usr/bin/env bash
# Installs contracts/node_modules with `npm ci` when it is missing or older than package-lock.json.
# Called by the Maven build (initialize phase) and by `make contracts`; a no-op when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "contracts: '$tool' not found. The contracts module needs Node.js (>= 20) and npm to compile Solidity" >&2
    echo "contracts: with the pinned solc-js and to run anvil in tests; install them (Debian: apt-get install nodejs npm)." >&2
    exit 1
  fi
done

# npm ci writes node_modules/.package-lock.json last; it is the marker of a complete install.
marker=node_modules/.package-lock.json
if [ -f "$marker" ] && [ "$marker" -nt package-lock.json ] && [ "$marker" -nt package.json ]; then
  exit 0
fi
echo "contracts: installing pinned npm packages (npm ci)"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
touch "$marker"
