# The uncached real mix, `scripts/bench/pages.sh --mix [N]`: sourced by pages.sh
# after against-nginx.sh. For each page type, wrk asks mhub (response cache off)
# for random URLs of that type (random-urls.lua over the lists mix_urls.py draws
# from the database: every published slug, all countries, the search queries of
# search_queries.json, random filters and pages), then asks nginx for the very
# bytes mhub answered to a sample of those URLs (SAMPLE per type, gzip-compressed),
# picked at random the same way. Prints a Markdown table with req/s (2xx answers
# only), p50, p99 and mhub's resident memory after each type.
#
#   BENCH_DATABASE_URL  sqlite://path or postgres://… (default: a new SQLite file);
#                       a database kept between runs is topped up to N synthetic
#                       practices, not seeded again
#   BENCH_INDEX_DIR     the search index (default: a new one, rebuilt at start)
#   SAMPLE              URLs per type fetched for nginx (default 100)
#   READY_SECONDS       how long start-up (migrations, demo, index) may take

MIX_TYPES=(home practice country search list api_list api_detail api_search)
SAMPLE="${SAMPLE:-100}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# CPU ticks (1/100 s) mhub used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Waits until mhub (and, on PostgreSQL, the database) has finished the requests a
# previous run left queued, so they do not count against the next one.
wait_idle() {
  local pid="$1" db="$2" before after active
  for _ in $(seq 1 300); do
    before=$(cpu_ticks "$pid"); sleep 1; after=$(cpu_ticks "$pid")
    active=0
    if [[ "$db" == postgres* ]]; then
      active=$(psql "$db" -X -qtA -c "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' \
        AND datname = current_database() AND pid <> pg_backend_pid()")
    fi
    [ $((after - before)) -le 5 ] && [ "$active" = 0 ] && return
  done
}

# wrk over random paths from a file; prints "rps p50 p99 non2xx errors".
mix_wrk() {
  local out
  out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -H "Accept-Encoding: gzip" \
    -s "$HERE/random-urls.lua" "$1" -- "$2")"
  awk '/^MIX / { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    print v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"], v["errors"] }' <<<"$out"
}

# Fetches the first SAMPLE paths of a type from mhub into $WORK/www/<type>/, and
# writes the list of their nginx paths; prints the mean compressed size.
mix_sample() {
  local type="$1" ext="html"
  [[ "$type" == api_* ]] && ext="json"
  mkdir -p "$WORK/www/$type"
  head -n "$SAMPLE" "$WORK/urls/$type.txt" \
    | awk -v d="$WORK/www/$type" -v e="$ext" '{ print $0; print d "/" NR "." e }' \
    | xargs -n 2 -P 4 sh -c 'curl -sS -H "Accept-Encoding: gzip" -o "$1" -w "" \
        "http://127.0.0.1:'"$MHUB_PORT"'$0"' || true
  find "$WORK/www/$type" -type f -printf "/$type/%f\n" >"$WORK/urls/nginx-$type.txt"
  find "$WORK/www/$type" -type f -printf "%s\n" | awk '{ s += $1 } END { printf "%d", NR ? s / NR : 0 }'
}

mix() {
  local db="${BENCH_DATABASE_URL:-sqlite://$WORK/hub.db}" backend=SQLite
  [[ "$db" == postgres* ]] && backend=PostgreSQL
  local t0=$SECONDS have
  MHUB_DATABASE_URL="$db" "$BIN" migrate >/dev/null
  have=$(python3 "$HERE/mix_urls.py" --synthetic-count "$db")
  if [ "$N" -gt "$have" ]; then
    MHUB_DATABASE_URL="$db" "$BIN" seed --synthetic $((N - have)) >/dev/null
  fi
  local seeded=$((SECONDS - t0)); t0=$SECONDS
  MHUB_DATABASE_URL="$db" MHUB_LISTEN="127.0.0.1:$MHUB_PORT" MHUB_LOG_LEVEL=warn \
    MHUB_RESPONSE_CACHE=false MHUB_INDEX_DIR="${BENCH_INDEX_DIR:-$WORK/index}" \
    "$BIN" serve >>"$WORK/mhub.log" 2>&1 &
  MHUB_PID=$!; PIDS+=("$MHUB_PID")
  wait_ready
  local ready=$((SECONDS - t0)); t0=$SECONDS
  python3 "$HERE/mix_urls.py" "$db" "$WORK/urls" >"$WORK/urls.log"
  local listed=$((SECONDS - t0))
  start_nginx text/html "types { text/html html; application/json json; }
    add_header Content-Encoding gzip; add_header Vary Accept-Encoding;"
  echo "Uncached mix of random URLs, $backend, 114 demo + $N synthetic practices (had $have; seeding ${seeded} s,"
  echo "start-up with index build ${ready} s, URL lists ${listed} s). wrk -t2 -c$CONNECTIONS -d$DURATION, gzip;"
  echo "nginx serves mhub's bytes for $SAMPLE sampled URLs per type. $(nproc) cores:"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| page type | URLs | mhub req/s | p50 ms | p99 ms | non-2xx, errors | nginx req/s | p50 ms | p99 ms | mean gzip B | mhub RSS MB | load |"
  echo "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  local type urls size ours theirs
  for type in "${MIX_TYPES[@]}"; do
    urls=$(wc -l <"$WORK/urls/$type.txt")
    size=$(mix_sample "$type")
    wait_idle "$MHUB_PID" "$db"
    ours=$(mix_wrk "http://127.0.0.1:$MHUB_PORT" "$WORK/urls/$type.txt")
    local rss=$(($(awk '/VmRSS/ {print $2}' "/proc/$MHUB_PID/status") / 1024))
    local load; load=$(cut -d' ' -f1 /proc/loadavg)
    wait_idle "$MHUB_PID" "$db"
    theirs=$(mix_wrk "http://127.0.0.1:$NGINX_PORT" "$WORK/urls/nginx-$type.txt")
    read -r o50 o99 <<<"$(cut -d' ' -f2,3 <<<"$ours")"
    read -r t50 t99 <<<"$(cut -d' ' -f2,3 <<<"$theirs")"
    printf '| %s | %s | %s | %s | %s | %s, %s | %s | %s | %s | %s | %s | %s |\n' \
      "$type" "$urls" "${ours%% *}" "$o50" "$o99" "$(cut -d' ' -f4 <<<"$ours")" "$(cut -d' ' -f5 <<<"$ours")" \
      "${theirs%% *}" "$t50" "$t99" "$size" "$rss" "$load"
  done
  echo
  echo "mhub peak resident memory: $(($(awk '/VmHWM/ {print $2}' "/proc/$MHUB_PID/status") / 1024)) MB;" \
    "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill -TERM "$MHUB_PID"; wait "$MHUB_PID" 2>/dev/null || true
}
