#!/usr/bin/env bash
# Set everything up, load the medium demo once, run the notice worker, and serve the console
# on http://127.0.0.1:8050/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/gridops db upgrade
if ! .venv/bin/gridops db status | grep -q "^grid .*demo\|^grid .*pandapower"; then
  .venv/bin/gridops demo load --size "${GRIDOPS_DEMO_SIZE:-medium}"
fi
# The notice worker delivers what the console sends (to var/notices/*.jsonl for the demo's
# customers, who have no contact on file) and runs the planned-outage reminders.
mkdir -p var
.venv/bin/gridops worker >var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
echo "demo: notice worker running (log: var/worker.log)"
.venv/bin/gridops serve
