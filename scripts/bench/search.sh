#!/usr/bin/env bash
# Search benchmark: seeds N synthetic multilingual practices (default 100,000) into a
# fresh SQLite Hub, then measures a full index rebuild (`mhub reindex`: time, peak
# resident memory, index size) and the latency of a mix of plain, faceted, typo,
# phrase and prefix searches through the HTTP API (one keep-alive connection, so
# the figures include HTTP, JSON and reading each hit from the database). Prints a
# Markdown table for docs/BENCHMARKS.md.
#
#   scripts/bench/search.sh [N]           (REPEAT=20 rounds of the query mix by default)
#
# Not yet here: the side-by-side PostgreSQL full-text search run (see BENCHMARKS.md).
set -euo pipefail
N="${1:-100000}"
REPEAT="${REPEAT:-20}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mhub-target}"
(cd "$ROOT" && cargo build --release -q -p mhub)
BIN="$CARGO_TARGET_DIR/release/mhub"
WORK="$(mktemp -d)"
PORT=18191
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
export MHUB_DATABASE_URL="sqlite://$WORK/hub.db" MHUB_LOAD_DEMO=false MHUB_LOG_LEVEL=warn
export MHUB_INDEX_DIR="$WORK/index"

t0=$(date +%s.%N)
"$BIN" seed --synthetic "$N" >/dev/null
seed_s=$(echo "$(date +%s.%N) - $t0" | bc)

/usr/bin/time -f "%e %M" -o reindex.time "$BIN" reindex >/dev/null 2>reindex.err
read -r rebuild_s rebuild_kb < reindex.time
index_mb=$(du -sm "$WORK/index" | cut -f1)

"$BIN" serve --listen "127.0.0.1:$PORT" >/dev/null 2>serve.err &
PID=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  sleep 0.1
done

B="http://127.0.0.1:$PORT/api/v1/practices"
declare -A MIX=(
  [plain]="q=diabetes q=text%20messages%20quit%20smoking q=heart%20failure%20telemonitoring q=d%C3%A9pistage q=Herzinsuffizienz"
  [faceted]="q=diabetes&country=ES,FR q=smoking&channel=sms&facets=true facets=true&ncd=diabetes&stage=4 q=app&year=2020,2021"
  [typo]="q=diabtes q=telemonitorng q=smokng%20cessaton"
  [phrase]="q=%22text%20messages%22 q=%22type%202%20diabetes%22 q=%22blood%20pressure%22"
  [prefix]="q=telemo q=diab q=rauch"
)
echo "| query kind | requests | p50 ms | p99 ms |"
echo "| --- | ---: | ---: | ---: |"
all=()
for kind in plain faceted typo phrase prefix; do
  urls=()
  for _ in $(seq 1 "$REPEAT"); do
    for q in ${MIX[$kind]}; do urls+=("$B?$q&lang=en"); done
  done
  mapfile -t times < <(curl -s -o /dev/null -w "%{time_total}\n" "${urls[@]}" | sort -g)
  all+=("${times[@]}")
  n=${#times[@]}
  p50=$(echo "${times[$((n / 2))]} * 1000" | bc)
  p99=$(echo "${times[$((n * 99 / 100))]} * 1000" | bc)
  printf "| %s | %d | %.1f | %.1f |\n" "$kind" "$n" "$p50" "$p99"
done
mapfile -t sorted < <(printf "%s\n" "${all[@]}" | sort -g)
n=${#sorted[@]}
printf "| **all** | %d | %.1f | %.1f |\n" "$n" "$(echo "${sorted[$((n / 2))]} * 1000" | bc)" "$(echo "${sorted[$((n * 99 / 100))]} * 1000" | bc)"
rss_mb=$(( $(grep VmRSS /proc/$PID/status | awk '{print $2}') / 1024 ))
echo
echo "| practices | seed (s) | full rebuild (s) | rebuild peak RSS (MB) | index size (MB) | server RSS after queries (MB) |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
printf "| %d | %.0f | %.1f | %d | %d | %d |\n" "$N" "$seed_s" "$rebuild_s" "$((rebuild_kb / 1024))" "$index_mb" "$rss_mb"
