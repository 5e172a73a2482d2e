#!/usr/bin/env bash
# Starts the release binary as a new user would (empty directory, no flags),
# checks that it serves the demo practices, that a second start changes
# nothing, and that it stops cleanly on SIGTERM. Also runs on PostgreSQL when
# TEST_PG_URL is set. Usage: scripts/smoke.sh path/to/mhub
set -euo pipefail
export PGOPTIONS="--client-min-messages=warning"
BIN="$(realpath "$1")"
WORK="$(mktemp -d)"
PORT="${SMOKE_PORT:-18080}"
METRICS_PORT="${SMOKE_METRICS_PORT:-$((PORT + 1))}"
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"

start() {
  MHUB_LISTEN="127.0.0.1:$PORT" MHUB_METRICS_LISTEN="127.0.0.1:$METRICS_PORT" "$BIN" "$@" >"$WORK/out.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/out.log"; echo "server died"; exit 1; }
    sleep 0.2
  done
  cat "$WORK/out.log"; echo "server did not become ready"; exit 1
}
stop() {
  kill -TERM "$PID"
  wait "$PID" || { echo "non-zero exit after SIGTERM"; cat "$WORK/out.log"; exit 1; }
}
total() { curl -fsS "http://127.0.0.1:$PORT/api/v1/practices?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }

check() {
  local n countries
  n="$(total)"
  [ "$n" = 114 ] || { echo "expected 114 demo practices, got $n"; exit 1; }
  countries="$(curl -fsS "http://127.0.0.1:$PORT/api/v1/countries" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')"
  [ "$countries" = 53 ] || { echo "expected 53 countries, got $countries"; exit 1; }
  curl -fsS "http://127.0.0.1:$PORT/api/v1/practices/es-an-telecuidados-cronicos-complejos" >/dev/null
  curl -fsS "http://127.0.0.1:$PORT/api/openapi.json" >/dev/null
  # Read the whole answer first: `grep -q` closing the pipe early fails curl (exit 23).
  metrics="$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics")"
  grep -q http_requests_total <<<"$metrics"
  code="$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")"
  [ "$code" = 404 ] || { echo "public /metrics answered $code, expected 404"; exit 1; }
}

echo "smoke: SQLite, first start"
start
grep -q "http://127.0.0.1:$PORT/" "$WORK/out.log" || { echo "address not printed"; cat "$WORK/out.log"; exit 1; }
[ -f mhub-data/hub.db ] || { echo "mhub-data/hub.db not created"; exit 1; }
check
stop
echo "smoke: SQLite, second start changes nothing"
start
check
revisions="$(curl -fsS "http://127.0.0.1:$PORT/api/v1/practices/es-an-telecuidados-cronicos-complejos" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')"
[ "$revisions" = 1 ] || { echo "second start rewrote the demo practice (version $revisions)"; exit 1; }
stop

if [ -n "${TEST_PG_URL:-}" ]; then
  echo "smoke: PostgreSQL"
  SCHEMA="smoke_$$"
  psql "$TEST_PG_URL" -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA"
  sep='?'; case "$TEST_PG_URL" in *\?*) sep='&';; esac
  start --database-url "${TEST_PG_URL}${sep}options=-csearch_path%3D$SCHEMA"
  check
  stop
  psql "$TEST_PG_URL" -qc "DROP SCHEMA $SCHEMA CASCADE"
fi
echo "smoke: ok"
