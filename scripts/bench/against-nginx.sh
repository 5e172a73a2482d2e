# Shared by api.sh and pages.sh, which measure mhub against nginx serving the very
# same bytes as static files: sourced after N, DURATION and CONNECTIONS are set.
# Builds (or takes MHUB_BIN) the binary, makes a work directory that is removed on
# exit with every process started, and provides start_nginx, wait_ready, rps and
# compare.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
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
PIDS=()
# Extra wrk arguments (headers) for every measured URL.
WRK_ARGS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# Serves $WORK/www on NGINX_PORT with content type $1; $2: extra directives.
start_nginx() {
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
    default_type $1;
    ${2:-}
  }
}
NGINX
  nginx -c "$WORK/nginx.conf"
}

# Waits until mhub on MHUB_PORT is ready (READY_SECONDS, default 120: a large
# index takes a while to build); fails with its log otherwise.
wait_ready() {
  for _ in $(seq 1 $((${READY_SECONDS:-120} * 5))); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MHUB_PORT/readyz")" = 200 ] && return
    sleep 0.2
  done
  echo "mhub did not become ready"; tail "$WORK/mhub.log"; exit 1
}

# Prints "<requests/s> <p99>" for one URL; any non-2xx answer fails the run.
rps() {
  local out; out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${WRK_ARGS[@]}" "$1")"
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $1" >&2; grep "Non-2xx" <<<"$out" >&2; exit 1; fi
  printf '%s %s\n' "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

# One Markdown row: label, what, mhub path, nginx file name.
compare() {
  local ours theirs o t
  ours=$(rps "http://127.0.0.1:$MHUB_PORT$3")
  theirs=$(rps "http://127.0.0.1:$NGINX_PORT/$4")
  o=${ours%% *}; t=${theirs%% *}
  printf '| %s | %s | %s, p99 %s | %s, p99 %s | %s |\n' "$1" "$2" "$o" "${ours#* }" "$t" "${theirs#* }" \
    "$(python3 -c "print(f'{$o/$t:.2f}')")"
}

# The Markdown row of mhub's peak resident memory (process $2).
peak_memory() {
  echo "| $1 | peak resident memory of mhub | $(( $(awk '/VmHWM/ {print $2}' "/proc/$2/status") / 1024 )) MB | | |"
}
