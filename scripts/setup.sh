#!/usr/bin/env bash
# Set everything up on a Debian machine, as root: Debian packages when missing, a virtualenv,
# the project. Usage: scripts/setup.sh [--test]   (--test adds Chromium and the dev tools)
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_TEST=0
[[ "${1:-}" == "--test" ]] && WANT_TEST=1

packages=()
command -v python3 >/dev/null || packages+=(python3)
python3 -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || packages+=(postgresql)
compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null || packages+=(postgresql-postgis)
command -v mosquitto >/dev/null || [[ -x /usr/sbin/mosquitto ]] || packages+=(mosquitto)
if [[ $WANT_TEST == 1 ]]; then
  [[ -x /usr/bin/chromium ]] || packages+=(chromium)
  fc-list 2>/dev/null | grep -qi "noto sans cjk" || packages+=(fonts-noto-cjk)
fi
if (( ${#packages[@]} )); then
  if [[ $(id -u) != 0 ]]; then
    echo "setup: missing Debian packages: ${packages[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
extras="real"
[[ $WANT_TEST == 1 ]] && extras="real,dev"
.venv/bin/python -m pip install -q -e ".[${extras}]"
echo "setup: ready (.venv with gridops-console[${extras}])"
