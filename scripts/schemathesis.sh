#!/usr/bin/env bash
# Checks that the API answers as its OpenAPI document says, with schemathesis
# (`--checks all`): starts the release binary on a temporary SQLite database
# with the demo practices, creates an admin and a personal API token, and runs
# schemathesis twice, anonymously and with the token. Exits non-zero on any
# failed check. Installs schemathesis into a venv of its own on first use.
# Usage: scripts/schemathesis.sh [path/to/mhub]   (default: the release binary)
# Environment: ST_MAX_EXAMPLES (default 20) test cases per operation and
# phase, ST_TIMEOUT (default 600) seconds per run, ST_SEED (default 1) for
# reproducible runs (set it empty for a random one).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mhub-target}"
bin="$(realpath -m "${1:-$CARGO_TARGET_DIR/release/mhub}")"
[ -x "$bin" ] || { echo "no binary at $bin (cargo build --release -p mhub)"; exit 1; }

ST_VERSION=4.32.5
venv="$HOME/.cache/mhub-schemathesis"
st="$venv/bin/schemathesis"
if ! "$st" --version 2>/dev/null | grep -q "version $ST_VERSION\$"; then
  # Debian's python3 needs python3-venv for this; a fresh machine may lack it.
  if ! python3 -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    (apt-get update -qq && apt-get install -y -qq python3-venv) >/dev/null
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

dir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
export MHUB_DATABASE_URL="sqlite://$dir/hub.db"
export MHUB_LISTEN="127.0.0.1:$port"
export MHUB_INDEX_DIR="$dir/index"
export MHUB_MAIL_DIR="$dir/mail"
export MHUB_SECURE_COOKIES=false
export MHUB_LOAD_DEMO=true
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$bin" migrate >/dev/null
MHUB_PASSWORD='schemathesis admin 1' "$bin" user create --email admin@example.org --name "Ada Admin" --role admin >/dev/null
MHUB_LOG_LEVEL="${MHUB_LOG_LEVEL:-warn}" "$bin" serve >"$dir/server.log" 2>&1 &
pid=$!
ready=
for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && { ready=1; break; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
[ -n "$ready" ] || { cat "$dir/server.log"; echo "server did not become ready"; exit 1; }

# A personal API token needs a session to mint: sign in, then ask with the
# session cookie and its CSRF token.
csrf="$(curl -fsS -c "$dir/cookies" -H 'Content-Type: application/json' \
  -d '{"email":"admin@example.org","password":"schemathesis admin 1"}' "$base/api/v1/session" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')"
secret="$(curl -fsS -b "$dir/cookies" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"name":"ci","scopes":["read","practices","curation","account"]}' "$base/api/v1/me/tokens" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')"

seed="${ST_SEED-1}"
run() {
  local name="$1"; shift
  echo "--- schemathesis: $name"
  # schemathesis writes its report (cassettes, if asked) under the working directory.
  (cd "$dir" && timeout --signal=INT --kill-after=30 "${ST_TIMEOUT:-600}" \
    "$st" --config-file "$root/scripts/schemathesis.toml" run "$base/api/openapi.json" \
    --checks all \
    --exclude-checks positive_data_acceptance \
    --max-examples "${ST_MAX_EXAMPLES:-20}" \
    ${seed:+--seed "$seed"} \
    --request-timeout 10 \
    --workers 1 \
    --no-color \
    "$@")
}

# Every check runs but `positive_data_acceptance` (a request valid by the schema
# must succeed). The schema describes shapes; the Hub also validates against the
# reference catalog (country, language and vocabulary codes), e-mail syntax,
# password length and rules across fields (a `reason` to archive, `content` for
# an update request, the search index's 10,000-result depth), which JSON Schema
# cannot express, so schema-valid data is rightly refused with 422. The
# opposite check, `negative_data_rejection`, stays on.
status=0
run anonymous || status=$?
# With the token, leave out the one operation that would destroy the fixture:
# `DELETE /me/tokens/{id}` revokes the run's own token (id 1), after which every
# later request is anonymous and the authenticated run tests nothing more.
# (`DELETE /me` would erase the admin, but a token may not erase an account, so
# it stays in: it must answer 403.)
run authenticated -H "Authorization: Bearer $secret" \
  --exclude-operation-id delete_token || status=$?
if [ "$status" -ne 0 ]; then tail -n 50 "$dir/server.log" >&2; fi
exit "$status"
