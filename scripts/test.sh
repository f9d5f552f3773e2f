#!/usr/bin/env bash
# Set everything up and run the whole test suite: lint, types, pytest (database and browser
# tests included). Tests run in their own embedded cluster unless GRIDOPS_TEST_DATABASE_URL
# names a maintenance database of a PostgreSQL + PostGIS server. Any skipped test fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test

export GRIDOPS_DATA_DIR="${GRIDOPS_TEST_DATA_DIR:-var/test}"
export GRIDOPS_EMBEDDED_PORT="${GRIDOPS_TEST_EMBEDDED_PORT:-54339}"
unset GRIDOPS_DATABASE_URL
stop_cluster() { [[ -n "${GRIDOPS_TEST_DATABASE_URL:-}" ]] || .venv/bin/gridops db stop >/dev/null 2>&1 || true; }
trap stop_cluster EXIT

# The notices' MQTT channel is tested against a real broker on 127.0.0.1:1883.
if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  echo "test: starting Mosquitto on 127.0.0.1:1883"
  mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
  "$mosquitto_bin" -d -p 1883
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null && break; sleep 0.1; done
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy

log=$(mktemp)
set +e
.venv/bin/python -m pytest -ra "$@" 2>&1 | tee "$log"
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
exit "$status"
