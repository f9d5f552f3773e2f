#!/usr/bin/env bash
# Set everything up on a Debian machine, as root: Debian packages when missing, a virtualenv,
# the project. Usage: scripts/setup.sh [--test]   (--test adds Chromium and the dev tools)
# Says what it does at each step: the first run installs for a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_TEST=0
[[ "${1:-}" == "--test" ]] && WANT_TEST=1
say() { echo "setup: $*"; }

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
  say "installing Debian packages: ${packages[*]} (apt-get; a few minutes the first time)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${packages[@]}"
else
  say "Debian packages present (PostgreSQL, PostGIS, Mosquitto$([[ $WANT_TEST == 1 ]] && echo ", Chromium, CJK fonts"))"
fi

if [[ ! -x .venv/bin/python ]]; then
  say "creating the virtualenv .venv"
  python3 -m venv .venv
fi
extras="real"
[[ $WANT_TEST == 1 ]] && extras="real,dev"
say "installing the project into .venv with pip (gridops-console[${extras}]; about 2 minutes the first time, seconds after)"
started=$SECONDS
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[${extras}]"
say "ready in $((SECONDS - started)) s (.venv with gridops-console[${extras}]; the command is .venv/bin/gridops)"
