#!/usr/bin/env bash
# Set everything up, load the medium demo once, and serve the console on http://127.0.0.1:8050/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/gridops db upgrade
if ! .venv/bin/gridops db status | grep -q "^grid .*demo\|^grid .*pandapower"; then
  .venv/bin/gridops demo load --size "${GRIDOPS_DEMO_SIZE:-medium}"
fi
exec .venv/bin/gridops serve
