#!/usr/bin/env bash
# Browser tests: builds (or reuses) the release binary, starts it on a temporary
# SQLite database with the demo practices, creates an editor and a reviewer,
# runs the node tests against it, and stops it. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mhub-target}"
bin="$CARGO_TARGET_DIR/release/mhub"
if [ -z "${MHUB_BIN:-}" ]; then
  (cd "$root" && cargo build --release --locked -p mhub)
else
  bin="$MHUB_BIN"
fi
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund

dir="$(mktemp -d)"
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export MHUB_DATABASE_URL="sqlite://$dir/hub.db"
export MHUB_LISTEN="127.0.0.1:$port"
export MHUB_SECURE_COOKIES=false
export MHUB_INDEX_DIR="$dir/index"
export MHUB_MAIL_DIR="$dir/mail"
"$bin" migrate >/dev/null 2>&1 || true
MHUB_PASSWORD='editor password 1' "$bin" user create --email editor@example.org --name "Eva Editor" --role editor >/dev/null
MHUB_PASSWORD='reviewer password 1' "$bin" user create --email reviewer@example.org --name "Rui Reviewer" --role reviewer >/dev/null
"$bin" serve >"$dir/server.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
export BASE_URL="http://127.0.0.1:$port"
status=0
node --test --test-concurrency=1 ${E2E_FILTER:+--test-name-pattern="$E2E_FILTER"} tests/ || status=$?
if [ -z "${E2E_FILTER:-}" ]; then
  node validate-html.mjs || status=$?
fi
if [ "$status" -ne 0 ]; then tail -n 50 "$dir/server.log" >&2; fi
exit "$status"
