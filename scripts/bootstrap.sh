#!/usr/bin/env bash
# Installs the Debian packages rmq builds and tests with. Idempotent: when every
# package is already present it only runs dpkg-query and returns in well under a second.
set -euo pipefail

PACKAGES=(g++ cmake ninja-build libboost-dev nlohmann-json3-dev liblz4-dev zlib1g-dev
          libgtest-dev libgmock-dev)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "bootstrap: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
