#!/usr/bin/env bash
# API throughput against the physical limit: wrk on loopback fetches a practice
# detail and a filtered list from mhub, and the very same bytes as static files
# from nginx, side by side in one run, on SQLite and on PostgreSQL, with
# N synthetic practices (default 10,000). Prints a Markdown table for
# docs/BENCHMARKS.md.
#
#   scripts/bench/api.sh [N]          (needs wrk and nginx: apt-get install wrk nginx-light)
#   TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test scripts/bench/api.sh
#   MHUB_BIN=path/to/mhub skips the build.
set -euo pipefail
N="${1:-10000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
MHUB_PORT="${MHUB_PORT:-18181}"
NGINX_PORT="${NGINX_PORT:-18182}"
# shellcheck source=scripts/bench/against-nginx.sh
source "$(dirname "$0")/against-nginx.sh"

DETAIL="/api/v1/practices/synthetic-5000"
LIST="/api/v1/practices?ncd=diabetes&channel=mobile_app&limit=20&page=3"

bench_backend() {
  local label="$1" url="$2"
  [ -n "${SEEDED:-}" ] || MHUB_DATABASE_URL="$url" MHUB_LOAD_DEMO=false "$BIN" seed --synthetic "$N" >/dev/null
  MHUB_DATABASE_URL="$url" MHUB_LISTEN="127.0.0.1:$MHUB_PORT" MHUB_LOG_LEVEL=warn MHUB_LOAD_DEMO=false \
    MHUB_RESPONSE_CACHE="${CACHE:-true}" MHUB_INDEX_DIR="$WORK/index-${label%%,*}" "$BIN" serve >"$WORK/mhub.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  wait_ready
  curl -fsS "http://127.0.0.1:$MHUB_PORT$DETAIL" -o "$WORK/www/detail.json"
  curl -fsS "http://127.0.0.1:$MHUB_PORT$LIST" -o "$WORK/www/list.json"
  for what in detail list; do
    local path; [ "$what" = detail ] && path="$DETAIL" || path="$LIST"
    compare "$label" "$what ($(stat -c %s "$WORK/www/$what.json") B)" "$path" "$what.json"
  done
  peak_memory "$label" "$pid"
  kill -TERM "$pid"; wait "$pid" || true
}

start_nginx application/json
echo "wrk -t2 -c$CONNECTIONS -d$DURATION, $N synthetic practices, $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| backend | endpoint | mhub req/s, p99 | nginx same bytes req/s, p99 | ratio |"
echo "| --- | --- | --- | --- | --- |"
SEEDED= CACHE=false bench_backend "SQLite, no cache" "sqlite://$WORK/hub.db"
SEEDED=1 CACHE=true bench_backend "SQLite, response cache" "sqlite://$WORK/hub.db"
if [ -n "${TEST_PG_URL:-}" ]; then
  SCHEMA="bench_$$"
  psql "$TEST_PG_URL" -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA"
  sep='?'; case "$TEST_PG_URL" in *\?*) sep='&';; esac
  SEEDED= CACHE=false bench_backend "PostgreSQL, no cache" "${TEST_PG_URL}${sep}options=-csearch_path%3D$SCHEMA"
  SEEDED=1 CACHE=true bench_backend "PostgreSQL, response cache" "${TEST_PG_URL}${sep}options=-csearch_path%3D$SCHEMA"
  psql "$TEST_PG_URL" -qc "DROP SCHEMA $SCHEMA CASCADE"
fi
