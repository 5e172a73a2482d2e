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
#   scripts/bench/pages.sh --mix [N]   the uncached mix of random URLs of every page type
#                                      (default N 10,000; see pages-mix.sh: BENCH_DATABASE_URL
#                                      runs it on PostgreSQL)
#   MHUB_BIN=path/to/mhub skips the build; DURATION, CONNECTIONS tune wrk.
#   Needs wrk, nginx and curl (installs wrk and nginx-light with apt-get when missing and root).
set -euo pipefail
MIX=""
if [ "${1:-}" = "--mix" ]; then MIX=1; shift; fi
N="${1:-$([ -n "$MIX" ] && echo 10000 || echo 0)}"
DURATION="${DURATION:-10s}"
# The mix's default stays within what mhub queues on 2 cores (2 CPU workers, 16
# waiting each): beyond that searches are shed with 503, by design.
CONNECTIONS="${CONNECTIONS:-$([ -n "$MIX" ] && echo 32 || echo 64)}"
MHUB_PORT="${MHUB_PORT:-18191}"
NGINX_PORT="${NGINX_PORT:-18192}"
# shellcheck source=scripts/bench/against-nginx.sh
source "$(dirname "$0")/against-nginx.sh"
if [ -n "$MIX" ]; then
  # shellcheck source=scripts/bench/pages-mix.sh
  source "$(dirname "$0")/pages-mix.sh"
  mix
  exit
fi

# name|path: the pages a visitor lands on.
PAGES=(
  "home|/en/"
  "search|/en/practices?q=diabetes&channel=mobile_app"
  "practice|/en/practices/es-an-telecuidados-cronicos-complejos"
)
GZ=(-H "Accept-Encoding: gzip")

# Measured as a browser asks: gzip-compressed.
WRK_ARGS=("${GZ[@]}")

start_mhub() {
  MHUB_DATABASE_URL="sqlite://$WORK/hub.db" MHUB_LISTEN="127.0.0.1:$MHUB_PORT" MHUB_LOG_LEVEL=warn \
    MHUB_RESPONSE_CACHE="$1" MHUB_INDEX_DIR="$WORK/index" "$BIN" serve >>"$WORK/mhub.log" 2>&1 &
  MHUB_PID=$!; PIDS+=("$MHUB_PID")
  wait_ready
}

bench() {
  local label="$1" cache="$2"
  start_mhub "$cache"
  for entry in "${PAGES[@]}"; do
    local name="${entry%%|*}" path="${entry#*|}"
    # The very bytes a browser gets: gzip-compressed, not unpacked.
    curl -fsS "${GZ[@]}" "http://127.0.0.1:$MHUB_PORT$path" -o "$WORK/www/$name.html"
    local raw; raw=$(curl -fsS "http://127.0.0.1:$MHUB_PORT$path" | wc -c)
    compare "$label" "$name ($(stat -c %s "$WORK/www/$name.html") B gzip, $raw B)" "$path" "$name.html"
  done
  peak_memory "$label" "$MHUB_PID"
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
start_nginx text/html "add_header Content-Encoding gzip; add_header Vary Accept-Encoding;"
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
