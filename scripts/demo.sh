#!/usr/bin/env bash
# Set everything up, load the medium demo once, prepare every page (a forecast run, a DR
# program with a measured event, incidents with a crew dispatched, a planned outage and their
# notices) and one demo staff user per role (passwords shown once, kept in var/demo_users.txt,
# readable only by its owner), run the notice worker, and serve the console on
# http://127.0.0.1:8050/
set -euo pipefail
cd "$(dirname "$0")/.."
phase() { echo; echo "demo: [$1/5] $2"; }

phase 1 "installing what is missing (Debian packages, .venv, the project)"
scripts/setup.sh

phase 2 "the database: the embedded PostgreSQL cluster and the migrations"
.venv/bin/gridops db upgrade

size="${GRIDOPS_DEMO_SIZE:-medium}"
if .venv/bin/gridops db status | grep -q "^grid .*demo\|^grid .*pandapower"; then
  phase 3 "the grid: already loaded ($(.venv/bin/gridops db status | grep '^grid ' | sed 's/^grid  *//'))"
else
  phase 3 "the grid: generating and loading the $size demo network (about 20 s for medium)"
  .venv/bin/gridops demo load --size "$size"
fi

phase 4 "the pages and the demo users: forecast, demand response, incidents, planned outage, notices, one staff user per role (first run: about a minute; the users' passwords are shown once, at its end)"
.venv/bin/gridops demo prepare

# The notice worker delivers what the console sends (to var/notices/*.jsonl for the demo's
# customers, who have no contact on file) and runs the planned-outage reminders.
phase 5 "the notice worker (log: var/worker.log) and the console"
mkdir -p var
.venv/bin/gridops worker >var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
echo "demo: notice worker running (pid $worker, log: var/worker.log)"
echo "demo: serving the console on http://${GRIDOPS_HOST:-127.0.0.1}:${GRIDOPS_PORT:-8050}/ (Ctrl-C stops it and the worker)"
.venv/bin/gridops serve
