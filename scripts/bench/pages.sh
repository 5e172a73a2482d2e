#!/usr/bin/env bash
# Website pages against the physical limit, and what they weigh. wrk on loopback
# fetches the home page, the practices search page (words and a facet) and a
# practice page from mhub, gzip-compressed as a browser asks for them, and the
# very same compressed bytes as static files from nginx, side by side in one run,
# with the response cache off and on. Then it weighs the search page: the first
# load with everything it needs (HTML, CSS, JS, images) and an htmx update, both
# compressed, against the budgets of issue 4 (60 KB and 15 KB). Prints Markdown
# for docs/BENCHMARKS.md.
#
#   scripts/bench/pages.sh [N]    N synthetic practices on top of the 114 demo ones (default 0)
#   MHUB_BIN=path/to/mhub skips the build; DURATION, CONNECTIONS tune wrk.
#   Needs wrk, nginx and curl (installs wrk and nginx-light with apt-get when missing and root).
set -euo pipefail
N="${1:-0}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mhub-target}"
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq wrk nginx-light >/dev/null
  else
    echo "needs wrk and nginx (apt-get install wrk nginx-light)"; exit 1
  fi
fi
if [ -z "${MHUB_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release --locked -q -p mhub)
fi
BIN="${MHUB_BIN:-$CARGO_TARGET_DIR/release/mhub}"
WORK="$(mktemp -d)"
MHUB_PORT="${MHUB_PORT:-18191}"
NGINX_PORT="${NGINX_PORT:-18192}"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# name|path: the pages a visitor lands on.
PAGES=(
  "home|/en/"
  "search|/en/practices?q=diabetes&channel=mobile_app"
  "practice|/en/practices/es-an-telecuidados-cronicos-complejos"
)
GZ=(-H "Accept-Encoding: gzip")

mkdir -p "$WORK/www"
chmod 755 "$WORK" "$WORK/www"   # nginx workers run unprivileged
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
    default_type text/html;
    add_header Content-Encoding gzip;
    add_header Vary Accept-Encoding;
  }
}
NGINX

# Prints "<requests/s> <p99>" for one URL, asking for gzip like a browser.
rps() {
  local out; out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${GZ[@]}" "$1")"
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $1" >&2; grep "Non-2xx" <<<"$out" >&2; exit 1; fi
  printf '%s %s\n' "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

start_mhub() {
  MHUB_DATABASE_URL="sqlite://$WORK/hub.db" MHUB_LISTEN="127.0.0.1:$MHUB_PORT" MHUB_LOG_LEVEL=warn \
    MHUB_RESPONSE_CACHE="$1" MHUB_INDEX_DIR="$WORK/index" "$BIN" serve >>"$WORK/mhub.log" 2>&1 &
  MHUB_PID=$!; PIDS+=("$MHUB_PID")
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MHUB_PORT/readyz")" = 200 ] && return
    sleep 0.2
  done
  echo "mhub did not become ready"; tail "$WORK/mhub.log"; exit 1
}

bench() {
  local label="$1" cache="$2"
  start_mhub "$cache"
  for entry in "${PAGES[@]}"; do
    local name="${entry%%|*}" path="${entry#*|}"
    # The very bytes a browser gets: gzip-compressed, not unpacked.
    curl -fsS "${GZ[@]}" "http://127.0.0.1:$MHUB_PORT$path" -o "$WORK/www/$name.html"
    local raw; raw=$(curl -fsS "http://127.0.0.1:$MHUB_PORT$path" | wc -c)
    local bytes; bytes=$(stat -c %s "$WORK/www/$name.html")
    local ours theirs o t
    ours=$(rps "http://127.0.0.1:$MHUB_PORT$path")
    theirs=$(rps "http://127.0.0.1:$NGINX_PORT/$name.html")
    o=${ours%% *}; t=${theirs%% *}
    printf '| %s | %s (%s B gzip, %s B) | %s, p99 %s | %s, p99 %s | %s |\n' "$label" "$name" "$bytes" "$raw" \
      "$o" "${ours#* }" "$t" "${theirs#* }" "$(python3 -c "print(f'{$o/$t:.2f}')")"
  done
  local rss; rss=$(awk '/VmHWM/ {print $2}' "/proc/$MHUB_PID/status")
  echo "| $label | peak resident memory of mhub | $((rss / 1024)) MB | | |"
  kill -TERM "$MHUB_PID"; wait "$MHUB_PID" 2>/dev/null || true
}

# Compressed bytes on the wire (body) for one URL, with extra headers.
wire() { curl -fsS "${GZ[@]}" "${@:2}" -o /dev/null -w '%{size_download}' "http://127.0.0.1:$MHUB_PORT$1"; }

weigh() {
  start_mhub false
  local path="/en/practices"   # the heaviest: 20 results, every facet
  local html; html="$(curl -fsS "http://127.0.0.1:$MHUB_PORT$path")"
  local total=0 rows=""
  local b; b=$(wire "$path"); total=$((total + b)); rows+="| HTML \`$path\` | $b |"$'\n'
  # Everything the page pulls in: stylesheets, scripts, images, icons.
  local refs; refs="$( { grep -oE '(href|src)="/static/[^"]+"' <<<"$html" || true; } | sed -E 's/^[a-z]+="//; s/"$//' | sort -u)"
  refs+=$'\n'"$( { grep -oE '<img[^>]+src="/[^"]+"' <<<"$html" || true; } | sed -E 's/.*src="//; s/"$//' | sort -u)"
  local r
  while read -r r; do
    [ -n "$r" ] || continue
    b=$(wire "$r"); total=$((total + b)); rows+="| \`$r\` | $b |"$'\n'
  done <<<"$refs"
  # Without an icon of its own, a browser also fetches /favicon.ico (a 404 page here).
  local icon; icon="$(grep -oE '<link rel="icon" href="[^"]{0,12}' <<<"$html" || true)"
  if [ -z "$icon" ] || [[ "$icon" != *'href="data:'* ]]; then
    b=$(curl -s "${GZ[@]}" -o /dev/null -w '%{size_download}' "http://127.0.0.1:$MHUB_PORT/favicon.ico")
    total=$((total + b)); rows+="| \`/favicon.ico\` (asked for by browsers) | $b |"$'\n'
  else
    rows+="| icon | inline \`data:\` URL, no request |"$'\n'
  fi
  local frag; frag=$(wire "/en/practices?country=ES" -H "HX-Request: true")
  local page2; page2=$(wire "/en/practices?page=2" -H "HX-Request: true" -H "HX-Boosted: true")
  kill -TERM "$MHUB_PID"; wait "$MHUB_PID" 2>/dev/null || true
  echo "| what (gzip) | bytes |"
  echo "| --- | ---: |"
  printf '%s' "$rows"
  echo "| **first load of the search page** | **$total** ($(python3 -c "print(f'{$total/1024:.1f}')") KB; budget 60 KB: $([ "$total" -le 61440 ] && echo met || echo MISSED)) |"
  echo "| htmx update: a facet (\`HX-Request\`, results + count + sort) | $frag ($(python3 -c "print(f'{$frag/1024:.1f}')") KB; budget 15 KB: $([ "$frag" -le 15360 ] && echo met || echo MISSED)) |"
  echo "| htmx update: page 2 (\`HX-Boosted\`) | $page2 ($(python3 -c "print(f'{$page2/1024:.1f}')") KB; budget 15 KB: $([ "$page2" -le 15360 ] && echo met || echo MISSED)) |"
}

MHUB_DATABASE_URL="sqlite://$WORK/hub.db" "$BIN" migrate >/dev/null
if [ "$N" -gt 0 ]; then
  MHUB_DATABASE_URL="sqlite://$WORK/hub.db" "$BIN" seed --synthetic "$N" >/dev/null
fi
nginx -c "$WORK/nginx.conf"
echo "wrk -t2 -c$CONNECTIONS -d$DURATION -H 'Accept-Encoding: gzip', SQLite, 114 demo + $N synthetic practices,"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| server | page | mhub req/s, p99 | nginx same bytes req/s, p99 | ratio |"
echo "| --- | --- | --- | --- | --- |"
bench "no cache" false
bench "response cache" true
echo
weigh
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
