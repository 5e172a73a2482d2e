#!/usr/bin/env bash
# Memory under a long overload (issue 10, item 5): `mhub serve` on a fresh SQLite
# database with the demo content plus N synthetic practices (default 10,000) and
# default settings gets wrk with 1,000 connections for DURATION (default 10m) over
# a random mix of what visitors and API clients ask for (scripts/bench/soak.lua):
# practice pages over every slug, country pages, list pages with filters, searches
# of scripts/bench/search_queries.json on the website and the API, API details.
# The server's resident memory (VmRSS) is sampled every SAMPLE seconds into a CSV.
# Prints a Markdown summary for docs/BENCHMARKS.md: RSS after BASELINE (default the
# first minute) and at the end, the growth between them, requests, answers by
# status (503 `overloaded` is backpressure and fine; any 500 fails the run), p50/p99.
#
#   scripts/bench/soak.sh [N]
#   MHUB_BIN=path/to/mhub skips the build; DURATION=3m (wrk's units: s, m, h),
#   CONNECTIONS=1000, SAMPLE=10, BASELINE=60 (seconds), SOAK_CSV=file (default
#   ./soak-rss.csv), SOAK_DB=file keeps the seeded database in file.N and starts
#   from it next time, MHUB_WRAP="heaptrack -o /tmp/hub" runs the server under a tool.
#   Installs wrk with apt-get when missing.
set -euo pipefail
N="${1:-10000}"
DURATION="${DURATION:-10m}"
CONNECTIONS="${CONNECTIONS:-1000}"
SAMPLE="${SAMPLE:-10}"
BASELINE="${BASELINE:-60}"
PORT="${MHUB_PORT:-18194}"
CSV="$(realpath -m "${SOAK_CSV:-soak-rss.csv}")"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mhub-target}"

seconds() {
  case "$1" in
    *h) echo $(( ${1%h} * 3600 )) ;;
    *m) echo $(( ${1%m} * 60 )) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
TOTAL_S="$(seconds "$DURATION")"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
  else
    echo "needs wrk (apt-get install wrk)"; exit 1
  fi
fi
if [ -z "${MHUB_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release --locked -q -p mhub)
fi
BIN="${MHUB_BIN:-$CARGO_TARGET_DIR/release/mhub}"
WORK="$(mktemp -d)"
WRAPPER=""
PID=""
SAMPLER=""
cleanup() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  [ -n "$WRAPPER" ] && kill "$WRAPPER" 2>/dev/null || true
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# wrk needs a descriptor per connection; the server raises its own soft limit.
ulimit -n "$(ulimit -Hn)"

export MHUB_DATABASE_URL="sqlite://$WORK/hub.db" MHUB_LOG_LEVEL=warn \
  MHUB_INDEX_DIR="$WORK/index" MHUB_LISTEN="127.0.0.1:$PORT"
# Seeding 10,000 practices takes minutes on a busy machine: SOAK_DB keeps a copy
# to start from next time (runs compared side by side then share their data too).
SEEDED="${SOAK_DB:+$SOAK_DB.$N}"
if [ -n "$SEEDED" ] && [ -f "$SEEDED" ]; then
  cp "$SEEDED" "$WORK/hub.db"
else
  "$BIN" migrate >/dev/null
  [ "$N" -gt 0 ] && "$BIN" seed --synthetic "$N" >/dev/null
  # One file to copy: fold the write-ahead log into the database.
  [ -n "$SEEDED" ] && python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('VACUUM INTO ?', (sys.argv[2],))" \
    "$WORK/hub.db" "$SEEDED"
fi

# The URLs the Lua script draws from, one kind per file (it reads them at start).
python3 - "$ROOT" "$N" "$WORK" <<'PY'
import json, sys, urllib.parse
root, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
demo = json.load(open(f"{root}/data/reference/demo-practices.json"))
slugs = [p["slug"] for p in demo] + [f"synthetic-{i}" for i in range(n)]
reference = json.load(open(f"{root}/data/reference/reference.json"))
countries = sorted({p["content"]["country"] for p in demo} | {c["iso2"] for c in reference["countries"]})
queries = []
for entry in json.load(open(f"{root}/scripts/bench/search_queries.json")):
    params = [("q", entry["q"])] if entry.get("q") else []
    for name, values in entry.get("filters", {}).items():
        params.append((name, ",".join(values)))
    queries.append(urllib.parse.urlencode(params))
filters = ["country=ES", "country=FR,DE", "channel=sms", "ncd=diabetes", "channel=mobile_app",
           "stage=4", "country=IT&ncd=cardiovascular", "sort=newest", "page=2", "page=5",
           "country=ES&page=2", ""]
for name, lines in [("slugs", slugs), ("countries", countries), ("queries", queries),
                    ("filters", filters)]:
    with open(f"{work}/{name}.txt", "w") as f:
        f.write("\n".join(lines) + "\n")
PY

# shellcheck disable=SC2086 # MHUB_WRAP is a command line with arguments
${MHUB_WRAP:-} "$BIN" serve >"$WORK/serve.log" 2>&1 &
WRAPPER=$!
for _ in $(seq 1 2400); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ] && break
  sleep 0.25
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ] \
  || { echo "mhub serve never became ready"; cat "$WORK/serve.log"; exit 1; }
# The process that listens (under MHUB_WRAP, a child of the wrapper).
PID="$(ss -Hltnp "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
[ -n "$PID" ] || { echo "no process listens on $PORT"; exit 1; }
[ "$PID" = "$WRAPPER" ] && WRAPPER=""

rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
# RssAnon is the heap (and stacks); RssFile counts the binary's and the index's
# mapped pages, which the kernel can drop at will.
echo "seconds,rss_mb,anon_mb,file_mb,threads,load1" >"$CSV"
(
  start=$(date +%s)
  while [ -e "/proc/$PID/status" ]; do
    printf '%s,%s,%s\n' "$(( $(date +%s) - start ))" \
      "$(awk '/^VmRSS/ {r = $2} /^RssAnon/ {a = $2} /^RssFile/ {f = $2} /^Threads/ {t = $2}
        END {printf "%.1f,%.1f,%.1f,%s", r / 1024, a / 1024, f / 1024, t}' "/proc/$PID/status")" \
      "$(cut -d' ' -f1 /proc/loadavg)" >>"$CSV"
    sleep "$SAMPLE"
  done
) &
SAMPLER=$!

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RSS_START="$(rss_mb "$PID")"
cd "$WORK"   # soak.lua reads its URL lists from the working directory
out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$HERE/soak.lua" \
  "http://127.0.0.1:$PORT" 2>&1)"
echo "$out" >"$WORK/wrk.out"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
RSS_END="$(rss_mb "$PID")"
kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=""
HWM="$(awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$PID/status")"
kill -TERM "$PID"
[ -n "$WRAPPER" ] && { wait "$WRAPPER" 2>/dev/null || true; WRAPPER=""; }
for _ in $(seq 1 100); do [ -e "/proc/$PID" ] || break; sleep 0.2; done
PID=""

export SOAK_CSV_PATH="$CSV" SOAK_BASELINE="$BASELINE" SOAK_SAMPLE="$SAMPLE" SOAK_RSS_START="$RSS_START" \
  SOAK_RSS_END="$RSS_END" SOAK_HWM="$HWM" SOAK_LOAD_BEFORE="$LOAD_BEFORE" SOAK_LOAD_AFTER="$LOAD_AFTER" \
  SOAK_HEADER="$(date -u '+%F %H:%M') UTC; N=$N; wrk -t2 -c$CONNECTIONS -d$DURATION --timeout 10s; $(nproc) CPUs; $(free -g | awk '/^Mem/ {print $2}') GB RAM" \
  SOAK_REQUESTS="$(awk '/requests in/ {print $1}' <<<"$out")" SOAK_RPS="$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
  SOAK_P50="$(awk '$1 == "50%" {print $2}' <<<"$out")" SOAK_P99="$(awk '$1 == "99%" {print $2}' <<<"$out")" \
  SOAK_STATUSES="$(sed -n 's/^statuses //p' <<<"$out")" SOAK_ERRORS="$(sed -n 's/^errors //p' <<<"$out")"
python3 - <<'PY' || { echo; echo "server log:"; tail -5 "$WORK/serve.log"; exit 1; }
import csv, os, sys
e = os.environ
baseline, step = int(e["SOAK_BASELINE"]), int(e["SOAK_SAMPLE"])
start, end, hwm = float(e["SOAK_RSS_START"]), float(e["SOAK_RSS_END"]), float(e["SOAK_HWM"])
rows = [(int(r["seconds"]), float(r["rss_mb"]), float(r["anon_mb"]), r["threads"], r["load1"])
        for r in csv.DictReader(open(e["SOAK_CSV_PATH"]))]
base = next((r for r in rows if r[0] >= baseline), rows[-1])
growth = (end - base[1]) / base[1] * 100
print(f"# {e['SOAK_HEADER']}; load before {e['SOAK_LOAD_BEFORE']}, after {e['SOAK_LOAD_AFTER']}")
print()
print(f"| RSS at start | RSS at {base[0]} s | RSS at the end | growth after {base[0]} s | peak RSS (VmHWM) "
      "| requests | req/s | p50 | p99 | answers by status | wrk socket errors |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
print(f"| {start:.0f} MB | {base[1]:.0f} MB | {end:.0f} MB | {growth:+.1f}% | {hwm:.0f} MB "
      f"| {e['SOAK_REQUESTS']} | {e['SOAK_RPS']} | {e['SOAK_P50']} | {e['SOAK_P99']} "
      f"| {e['SOAK_STATUSES']} | {e['SOAK_ERRORS']} |")
print()
# The curve, every 30 s (every sample when the run is short).
every = 30 if rows[-1][0] >= 300 else step
print("| second | RSS MB | of which anonymous | server threads | load (1 min) |")
print("| ---: | ---: | ---: | ---: | ---: |")
for s, rss, anon, threads, load in rows:
    if s % every < step:
        print(f"| {s} | {rss:.0f} | {anon:.0f} | {threads} | {load} |")
print()
print(f"samples: {e['SOAK_CSV_PATH']}")
# 503 `overloaded` is backpressure; any other 5xx is a failure.
bad = [kv for kv in e["SOAK_STATUSES"].split() if kv.startswith("5") and not kv.startswith("503=")]
if bad:
    print(f"server errors: {' '.join(bad)}")
    sys.exit(1)
PY
