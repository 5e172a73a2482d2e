#!/usr/bin/env bash
# Search benchmark: seeds N synthetic multilingual practices (default 100,000) into a
# fresh SQLite Hub, then measures
#   1. a full index rebuild (`mhub reindex`): wall time, CPU time, peak resident
#      memory, index size;
#   2. engine-only latency: `SearchIndex::search` on the index directory, in process
#      (crates/search/examples/query_latency.rs);
#   3. HTTP latency: the same query mix (search_queries.json: plain, faceted, typo,
#      phrase, prefix) against `mhub serve`, one keep-alive connection, every answer
#      checked to be 200 with facets (search_latency.py); so these figures include
#      HTTP, JSON and reading each hit's row from the database; and the server's
#      resident memory after the queries;
#   4. with TEST_PG_URL set: the same data seeded into a fresh PostgreSQL schema,
#      PostgreSQL full-text search built on it (tsvector per translation in its
#      language's configuration, GIN) and queried with the same mix, side by side.
# Prints Markdown tables for docs/BENCHMARKS.md. Needs python3 (and psycopg for 4:
# pip install 'psycopg[binary]').
#
#   scripts/bench/search.sh [N]            ROUNDS=10 timed rounds of the mix
#   TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test scripts/bench/search.sh 100000
#   MHUB_BIN=... LATENCY_BIN=... skip the build (give both).
#   KEEP=dir keeps the seeded database and index in dir.
set -euo pipefail
N="${1:-100000}"
ROUNDS="${ROUNDS:-10}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mhub-target}"
if [ -z "${MHUB_BIN:-}" ]; then
  # Two commands: `--example` alone would build only the example.
  (cd "$ROOT" && cargo build --release -q -p mhub && cargo build --release -q -p mhub-search --example query_latency)
fi
BIN="${MHUB_BIN:-$CARGO_TARGET_DIR/release/mhub}"
LATENCY="${LATENCY_BIN:-$CARGO_TARGET_DIR/release/examples/query_latency}"
WORK="${KEEP:-$(mktemp -d)}"
mkdir -p "$WORK"
PORT=18191
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
export MHUB_DATABASE_URL="sqlite://$WORK/hub.db" MHUB_LOAD_DEMO=false MHUB_LOG_LEVEL=warn
export MHUB_INDEX_DIR="$WORK/index" MHUB_RESPONSE_CACHE=false

echo "# $(date -u +%F) N=$N, $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "%e" -o seed.time "$BIN" seed --synthetic "$N" >/dev/null
rm -rf "$WORK/index"
/usr/bin/time -f "%e %U %S %M" -o reindex.time "$BIN" reindex >/dev/null 2>reindex.err
read -r rebuild_s user_s sys_s rebuild_kb < reindex.time
index_mb=$(du -sm "$WORK/index" | cut -f1)
echo
echo "| practices | seed (s) | full rebuild (s) | rebuild CPU (s) | rebuild peak RSS (MB) | index size (MB) | load after |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf "| %d | %.0f | %.1f | %.0f | %d | %d | %s |\n" "$N" "$(cat seed.time)" "$rebuild_s" \
  "$(echo "$user_s + $sys_s" | bc)" "$((rebuild_kb / 1024))" "$index_mb" "$(cut -d' ' -f1 /proc/loadavg)"

echo
echo "## engine only (SearchIndex::search, in process)"
"$LATENCY" "$WORK/index" "$((ROUNDS * 2))" 2>/dev/null | tail -n +3

MHUB_LISTEN="127.0.0.1:$PORT" "$BIN" serve >/dev/null 2>serve.err &
PID=$!
ready=""
for _ in $(seq 1 1200); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ]; then ready=1; break; fi
  sleep 0.25
done
[ -n "$ready" ] || { echo "mhub serve never became ready"; cat serve.err; exit 1; }
echo
echo "## HTTP, mhub serve on SQLite (1 client, keep-alive)"
python3 "$ROOT/scripts/bench/search_latency.py" http "http://127.0.0.1:$PORT" --repeat "$ROUNDS"
echo
echo "server resident memory after the queries: $(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 )) MB (peak $(( $(awk '/VmHWM/ {print $2}' /proc/$PID/status) / 1024 )) MB)"
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""

if [ -n "${TEST_PG_URL:-}" ]; then
  SCHEMA="bench_search_$$"
  psql -q "$TEST_PG_URL" -c "CREATE SCHEMA $SCHEMA"
  PG="$TEST_PG_URL?options=-csearch_path%3D$SCHEMA"
  MHUB_DATABASE_URL="$PG" "$BIN" seed --synthetic "$N" >/dev/null
  echo
  echo "## PostgreSQL full-text search on the same data (schema $SCHEMA)"
  python3 "$ROOT/scripts/bench/search_latency.py" pg "$PG" --build --repeat "$ROUNDS"
  [ -n "${KEEP:-}" ] || psql -q "$TEST_PG_URL" -c "DROP SCHEMA $SCHEMA CASCADE"
fi
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
