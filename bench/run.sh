#!/usr/bin/env bash
# Load benchmark of the signature, on SQLite then PostgreSQL, with a bare route as the ceiling.
# Loopback only, bounded in time. Figures and method: docs/benchmarks.md.
#   bash bench/run.sh                      # 20 s per run, 64 connections
#   DURATION=10s CONNECTIONS=128 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=${PORT:-18080}
for tool in wrk sqlite3 psql curl; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk sqlite3 postgresql-client curl >/dev/null; break; }
done

cargo build --release --quiet
BIN=target/release/essaim
WORK=$(mktemp -d)
SERVER=""
SCHEMA="bench_$$"
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start() { # $1 = database URL
  ESSAIM_BIND="127.0.0.1:$PORT" ESSAIM_DATABASE_URL="$1" ESSAIM_MAIL__FILE_DIR="$WORK/mail" \
  ESSAIM_LIMITS__SIGN_PER_MINUTE=1000000000 ESSAIM_LIMITS__SIGN_PER_HOUR=1000000000 RUST_LOG=warn \
    "$BIN" serve >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/sante" >/dev/null && return; sleep 0.1; done
  echo "the server did not start"; cat "$WORK/server.log"; exit 1
}

stop() {
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
}

bench() { # $1 = name, $2 = database URL, $3 = command printing the number of people stored
  echo "=== $1"
  start "$2"
  echo "--- GET /sante (the bare route: the ceiling of this server on this machine)"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT/sante" | grep -E 'Requests/sec|50%|99%|Non-2xx'
  local csrf
  csrf=$(curl -s -c - "http://127.0.0.1:$PORT/" | awk '$6 == "essaim_csrf" { print $7 }')
  echo "--- POST /signer (distinct valid signatures)"
  ESSAIM_BENCH_CSRF="$csrf" ESSAIM_BENCH_RUN="$1" \
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/signup.lua "http://127.0.0.1:$PORT/signer" \
    | tee "$WORK/wrk.txt" | grep -E 'Requests/sec|50%|99%|RESULT'
  stop
  local answered stored
  answered=$(sed -n 's/^RESULT requests=\([0-9]*\) non2xx=0 socket_errors=0$/\1/p' "$WORK/wrk.txt")
  stored=$(eval "$3")
  # wrk stops counting at the deadline with requests in flight, so a few more may be stored.
  if [ -z "$answered" ] || [ "$stored" -lt "$answered" ]; then
    echo "FAILED: wrk saw errors, or fewer signatures stored ($stored) than answered (${answered:-?})"; exit 1
  fi
  echo "--- $answered signatures answered 200, $stored stored: none lost"
}

bench sqlite "sqlite://$WORK/essaim.db" "sqlite3 $WORK/essaim.db 'SELECT COUNT(*) FROM people'"
psql -q "$PG_URL" -c "CREATE SCHEMA $SCHEMA" >/dev/null
bench postgres "$PG_URL?options=-c%20search_path%3D$SCHEMA" "psql -tAq $PG_URL -c 'SELECT COUNT(*) FROM $SCHEMA.people'"
