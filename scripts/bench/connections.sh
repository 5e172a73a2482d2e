#!/usr/bin/env bash
# Throughput and latency against many connections: wrk on loopback sends a random
# mix of searches (random words of five languages, half of them with a facet
# filter, facets counted) and practice pages (HTML and API) to `mhub serve` on
# SQLite with N synthetic practices (default 10,000) and the response cache off,
# at 50, 200 and 1,000 connections, DURATION each (default 20s); then once more at
# 1,000 connections with the server's open-file limit at 256 (the overload case:
# connections past the cap wait, searches past the queue get 503, nothing 500).
# Prints a Markdown table for docs/BENCHMARKS.md, with every answer counted by
# status (404s are expected: a tenth of the synthetic practices are drafts, which
# anonymous readers do not see), and the server's threads and resident memory
# after each run.
#
#   scripts/bench/connections.sh [N]      (installs wrk with apt-get when missing)
#   MHUB_BIN=path/to/mhub skips the build; CONNS="50 200" DURATION=10s to vary.
set -euo pipefail
N="${1:-10000}"
DURATION="${DURATION:-20s}"
CONNS="${CONNS:-50 200 1000}"
PORT="${MHUB_PORT:-18193}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mhub-target}"
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
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# wrk itself needs a descriptor per connection.
ulimit -n "$(ulimit -Hn)"

export MHUB_DATABASE_URL="sqlite://$WORK/hub.db" MHUB_LOAD_DEMO=false MHUB_LOG_LEVEL=warn \
  MHUB_INDEX_DIR="$WORK/index" MHUB_RESPONSE_CACHE=false MHUB_LISTEN="127.0.0.1:$PORT"
"$BIN" seed --synthetic "$N" >/dev/null

# The request mix; `done` prints one line: "statuses 200=123 503=4 ...".
cat >"$WORK/mix.lua" <<LUA
local words = {"diabetes", "smoking", "heart", "failure", "telemonitoring", "app", "sms",
  "text", "messages", "coaching", "blood", "pressure", "cancer", "screening", "obesity",
  "dépistage", "diabète", "cardiaque", "Herzinsuffizienz", "Rauchen", "Bewegung",
  "отказ", "курения", "диабет", "tabaco", "ejercicio", "salud", "mobile", "patients",
  "diab", "telemo", "smokng", "exercise", "self-management", "hypertension"}
local facets = {"country=ES", "country=FR,DE", "channel=sms", "ncd=diabetes",
  "channel=mobile_app", "stage=4", "country=IT", "ncd=cardiovascular"}
local n = $N
local threads = {}
counts = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  counts = {}
end

local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local r = math.random()
  if r < 0.5 then
    local q = words[math.random(#words)]
    if math.random() < 0.5 then q = q .. " " .. words[math.random(#words)] end
    local path = "/api/v1/practices?facets=true&lang=en&q=" .. enc(q)
    if math.random() < 0.5 then path = path .. "&" .. facets[math.random(#facets)] end
    return wrk.format("GET", path, {["Accept"] = "application/json"})
  elseif r < 0.75 then
    return wrk.format("GET", "/en/practices/synthetic-" .. math.random(0, n - 1))
  else
    return wrk.format("GET", "/api/v1/practices/synthetic-" .. math.random(0, n - 1))
  end
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for s, k in pairs(c) do total[s] = (total[s] or 0) + k end
  end
  local keys = {}
  for s in pairs(total) do table.insert(keys, s) end
  table.sort(keys)
  local out = {}
  for _, s in ipairs(keys) do table.insert(out, s .. "=" .. total[s]) end
  io.write("statuses " .. table.concat(out, " ") .. "\n")
  io.write(string.format("errors connect=%d read=%d write=%d timeout=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
LUA

start() {
  "$BIN" serve >"$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 1200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ] && return
    sleep 0.25
  done
  echo "mhub serve never became ready"; cat "$WORK/serve.log"; exit 1
}

stop() {
  kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}

run() {
  local label="$1" c="$2" out
  out="$(wrk -t2 -c"$c" -d"$DURATION" --timeout 10s --latency -s "$WORK/mix.lua" "http://127.0.0.1:$PORT" 2>&1)"
  echo "$out" >>"$WORK/wrk.out"
  local rps p50 p99 statuses errors threads rss
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50.000%" || $1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99.000%" || $1 == "99%" {print $2}' <<<"$out")
  statuses=$(sed -n 's/^statuses //p' <<<"$out")
  errors=$(sed -n 's/^errors //p' <<<"$out")
  threads=$(awk '/^Threads/ {print $2}' "/proc/$PID/status")
  rss=$(( $(awk '/VmRSS/ {print $2}' "/proc/$PID/status") / 1024 ))
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s MB | %s |\n' "$label" "$c" "$rps" "$p50" "$p99" \
    "$statuses" "$errors" "$threads" "$rss" "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "# $(date -u '+%F %H:%M') UTC; N=$N; wrk -t2 -d$DURATION --timeout 10s; $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| server | connections | req/s | p50 | p99 | answers by status | wrk socket errors | server threads after | server RSS after | load (1 min) |"
echo "| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: |"
start
echo "| started | | | | | | | $(awk '/^Threads/ {print $2}' "/proc/$PID/status") | $(( $(awk '/VmRSS/ {print $2}' "/proc/$PID/status") / 1024 )) MB | |"
for c in $CONNS; do
  run "defaults" "$c"
done
stop
# The overload case: 256 descriptors for everything (a hard limit the server cannot raise).
(ulimit -n 256; exec "$BIN" serve) >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 1200); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ] && break
  sleep 0.25
done
run "open files 256" 1000
readyz=$(curl -s -m 5 -o /dev/null -w '%{http_code} in %{time_total}s' "http://127.0.0.1:$PORT/readyz" || true)
stop
echo
echo "/readyz right after the last run: $readyz"
echo "server log lines (warn and above) of the last run: $(wc -l <"$WORK/serve.log")"
grep -m3 -i "accept\|limit" "$WORK/serve.log" || true
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
