#!/usr/bin/env bash
# Installs <package-dir>/node_modules with `npm ci` when it is missing or older than package.json or
# package-lock.json; a no-op when up to date. Shared by every module that pins npm packages (contracts:
# solc-js and anvil; ledger-node/it: ethers, viem and cast). Called by the Maven build (initialize phase)
# and by make targets.
#
#   scripts/ensure-node-modules.sh <package-dir> [<label>]
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1/package.json" ] || [ ! -f "$1/package-lock.json" ]; then
  echo "usage: $0 <directory with package.json and package-lock.json> [label]" >&2
  exit 2
fi
dir=$1
label=${2:-$(basename "$(cd "$dir" && pwd)")}
cd "$dir"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$label: '$tool' not found. This module needs Node.js (>= 20) and npm for its pinned packages" >&2
    echo "$label: (see $(pwd)/package.json); install them (Debian: apt-get install nodejs npm)." >&2
    exit 1
  fi
done

# npm ci writes node_modules/.package-lock.json last; it is the marker of a complete install.
marker=node_modules/.package-lock.json
if [ -f "$marker" ] && [ "$marker" -nt package-lock.json ] && [ "$marker" -nt package.json ]; then
  exit 0
fi
echo "$label: installing pinned npm packages (npm ci)"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
touch "$marker"
