#!/usr/bin/env bash
# Installs the named Debian packages when any of them is missing; silent and a no-op when all are installed.
# Used by the capacity-node build (its container tests need runc, umoci and busybox-static) and by .ci/run.
#
#   scripts/ensure-os-packages.sh <debian-package>...
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 <debian-package>..." >&2
  exit 2
fi

missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-os-packages: missing ${missing[*]} and there is no apt-get to install them;" >&2
  echo "ensure-os-packages: install them with the system's package manager and run again." >&2
  exit 1
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "ensure-os-packages: missing ${missing[*]}; installing needs root (no sudo found)." >&2
    exit 1
  fi
  sudo_cmd="sudo"
fi
echo "ensure-os-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  # The package lists may be absent or stale on a fresh machine: refresh once and retry.
  $sudo_cmd apt-get update -qq >/dev/null
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
