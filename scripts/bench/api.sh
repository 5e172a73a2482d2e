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
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mhub-target}"
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install wrk nginx-light)"; exit 1; }
if [ -z "${MHUB_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p mhub)
fi
BIN="${MHUB_BIN:-$CARGO_TARGET_DIR/release/mhub}"
WORK="$(mktemp -d)"
MHUB_PORT=18181
NGINX_PORT=18182
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

DETAIL="/api/v1/practices/synthetic-5000"
LIST="/api/v1/practices?ncd=diabetes&channel=mobile_app&limit=20&page=3"

mkdir -p "$WORK/www"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    default_type application/json;
  }
}
NGINX

# Prints "<requests/s> <p99>" for one URL.
rps() {
  local out; out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1")"
  printf '%s %s\n' "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

bench_backend() {
  local label="$1" url="$2"
  [ -n "${SEEDED:-}" ] || MHUB_DATABASE_URL="$url" MHUB_LOAD_DEMO=false "$BIN" seed --synthetic "$N" >/dev/null
  MHUB_DATABASE_URL="$url" MHUB_LISTEN="127.0.0.1:$MHUB_PORT" MHUB_LOG_LEVEL=warn MHUB_LOAD_DEMO=false \
    MHUB_RESPONSE_CACHE="${CACHE:-true}" MHUB_INDEX_DIR="$WORK/index-${label%%,*}" "$BIN" serve >"$WORK/mhub.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$MHUB_PORT/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS "http://127.0.0.1:$MHUB_PORT$DETAIL" -o "$WORK/www/detail.json"
  curl -fsS "http://127.0.0.1:$MHUB_PORT$LIST" -o "$WORK/www/list.json"
  for what in detail list; do
    local path; [ "$what" = detail ] && path="$DETAIL" || path="$LIST"
    local bytes; bytes=$(stat -c %s "$WORK/www/$what.json")
    local ours theirs
    ours=$(rps "http://127.0.0.1:$MHUB_PORT$path")
    theirs=$(rps "http://127.0.0.1:$NGINX_PORT/$what.json")
    local o t; o=${ours%% *}; t=${theirs%% *}
    printf '| %s | %s (%s B) | %s, p99 %s | %s, p99 %s | %s |\n' "$label" "$what" "$bytes" "$o" "${ours#* }" "$t" "${theirs#* }" "$(python3 -c "print(f'{$o/$t:.2f}')")"
  done
  local rss; rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  echo "| $label | peak resident memory of mhub | $((rss / 1024)) MB | | |"
  kill -TERM "$pid"; wait "$pid" || true
}

nginx -c "$WORK/nginx.conf"
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
