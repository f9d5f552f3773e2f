#!/usr/bin/env bash
# Set everything up and run the whole test suite: lint, types, pytest (database and browser
# tests included). Tests run in their own embedded cluster unless GRIDOPS_TEST_DATABASE_URL
# names a maintenance database of a PostgreSQL + PostGIS server. Any skipped test fails the run.
# pytest runs in GRIDOPS_TEST_WORKERS pytest-xdist workers (2; a whole test file stays in one).
set -euo pipefail
cd "$(dirname "$0")/.."
phase() { echo; echo "test: [$1/4] $2"; }
phase 1 "installing what is missing (Debian packages, Chromium, .venv, the project and dev tools)"
scripts/setup.sh --test

export GRIDOPS_DATA_DIR="${GRIDOPS_TEST_DATA_DIR:-var/test}"
export GRIDOPS_EMBEDDED_PORT="${GRIDOPS_TEST_EMBEDDED_PORT:-54339}"
unset GRIDOPS_DATABASE_URL
stop_cluster() { [[ -n "${GRIDOPS_TEST_DATABASE_URL:-}" ]] || .venv/bin/gridops db stop >/dev/null 2>&1 || true; }
trap stop_cluster EXIT

phase 2 "services: Mosquitto for the MQTT channel; the test cluster in $GRIDOPS_DATA_DIR starts with pytest"
# The notices' MQTT channel is tested against a real broker on 127.0.0.1:1883.
if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  echo "test: starting Mosquitto on 127.0.0.1:1883"
  mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
  "$mosquitto_bin" -d -p 1883
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null && break; sleep 0.1; done
else
  echo "test: Mosquitto answers on 127.0.0.1:1883"
fi

phase 3 "lint and types: ruff check, ruff format --check, mypy"

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy

workers="${GRIDOPS_TEST_WORKERS:-2}"
phase 4 "pytest in $workers workers: database, API, console and browser tests"
log=$(mktemp)
set +e
.venv/bin/python -m pytest -ra -n "$workers" --dist loadfile --durations=25 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if grep -qE "^SKIPPED|[0-9]+ skipped" "$log"; then
  echo "test: tests were skipped; in CI every test must run" >&2
  exit 1
fi
if [[ $status == 5 ]]; then
  echo "test: no tests ran" >&2
  exit 1
fi
echo "test: pytest exited $status"
exit "$status"
