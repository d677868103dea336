#!/usr/bin/env bash
# Load benchmark of the signature and of its confirmation email, on SQLite then PostgreSQL.
# Loopback only, bounded in time. Figures and method: docs/benchmarks.md.
#   bash bench/run.sh                      # 20 s per wrk run, 64 connections, 10 s burst at 5,000/s
#   DURATION=10s CONNECTIONS=128 BURST_RATE=3000 BACKENDS=sqlite bash bench/run.sh
#   MAILER=mbox bash bench/run.sh          # the offline mailer (mbox file) instead of SMTP
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
BURST_RATE=${BURST_RATE:-5000}
BURST_SECONDS=${BURST_SECONDS:-10}
BACKENDS=${BACKENDS:-"sqlite postgres"}
MAILER=${MAILER:-smtp}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=${PORT:-18080}
SINK_PORT=${SINK_PORT:-12525}
for tool in wrk sqlite3 psql curl python3; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk sqlite3 postgresql-client curl >/dev/null; break; }
done

cargo build --release --quiet -p essaim --bin essaim --example signup_burst
cargo build --release --quiet -p essaim-smtp-sink
BIN=target/release/essaim
WORK=$(mktemp -d)
SERVER=""
SINK=""
SCHEMA="bench_$$"
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  [ -n "$SINK" ] && kill "$SINK" 2>/dev/null && wait "$SINK" 2>/dev/null
  psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

now_us() { echo $(( $(date +%s%N) / 1000 )); }

start() { # $1 = database URL
  local smtp=()
  if [ "$MAILER" = smtp ]; then
    : >"$WORK/accepted.log"
    target/release/smtp-sink --listen "127.0.0.1:$SINK_PORT" --log "$WORK/accepted.log" >"$WORK/sink.out" 2>&1 &
    SINK=$!
    for _ in $(seq 100); do grep -q listening "$WORK/sink.out" && break; sleep 0.05; done
    smtp=(env "ESSAIM_MAIL__SMTP_URL=smtp://127.0.0.1:$SINK_PORT")
  fi
  "${smtp[@]}" env ESSAIM_BIND="127.0.0.1:$PORT" ESSAIM_DATABASE_URL="$1" ESSAIM_MAIL__FILE_DIR="$WORK/mail" \
    ESSAIM_LIMITS__SIGN_PER_MINUTE=1000000000 ESSAIM_LIMITS__SIGN_PER_HOUR=1000000000 RUST_LOG=warn \
    "$BIN" serve >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/sante" >/dev/null && return; sleep 0.1; done
  echo "the server did not start"; cat "$WORK/server.log"; exit 1
}

stop() {
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  if [ -n "$SINK" ]; then kill "$SINK"; wait "$SINK" 2>/dev/null || true; SINK=""; fi
}

# Emails delivered while wrk ran and after it, from the relay's log of accepted emails.
email_rates() { # $1 = start µs, $2 = end µs, $3 = drained µs
  python3 - "$WORK/accepted.log" "$1" "$2" "$3" <<'EOF'
import sys
log, start, end, drained = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
times = [int(line.split()[0]) for line in open(log) if line.strip()]
during = sum(1 for t in times if start <= t <= end)
after = sum(1 for t in times if t > end)
print(f"--- emails accepted by the relay: {during} during the run ({during / ((end - start) / 1e6):.0f}/s), "
      f"{after} after it in {(drained - end) / 1e6:.1f} s ({after / max((drained - end) / 1e6, 1e-9):.0f}/s)")
EOF
}

bench() { # $1 = name, $2 = database URL, $3 = SQL runner (reads SQL on stdin, prints one value)
  echo "=== $1 (mailer: $MAILER)"
  start "$2"
  echo "--- GET /sante (the bare route: the ceiling of this server on this machine)"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT/sante" | grep -E 'Requests/sec|50%|99%|Non-2xx'
  local csrf
  csrf=$(curl -s -c - "http://127.0.0.1:$PORT/" | awk '$6 == "essaim_csrf" { print $7 }')
  echo "--- POST /signer (distinct valid signatures, $CONNECTIONS connections, keep-alive)"
  local t0 t1 t2
  t0=$(now_us)
  ESSAIM_BENCH_CSRF="$csrf" ESSAIM_BENCH_RUN="$1" \
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/signup.lua "http://127.0.0.1:$PORT/signer" \
    | tee "$WORK/wrk.txt" | grep -E 'Requests/sec|50%|99%|RESULT'
  t1=$(now_us)
  for _ in $(seq 1200); do
    [ "$(echo "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL" | $3)" = 0 ] && break
    sleep 0.1
  done
  t2=$(now_us)
  [ "$MAILER" = smtp ] && email_rates "$t0" "$t1" "$t2"
  local answered stored
  answered=$(sed -n 's/^RESULT requests=\([0-9]*\) non2xx=0 socket_errors=0$/\1/p' "$WORK/wrk.txt")
  stored=$(echo "SELECT COUNT(*) FROM people" | $3)
  # wrk stops counting at the deadline with requests in flight, so a few more may be stored.
  if [ -z "$answered" ] || [ "$stored" -lt "$answered" ]; then
    echo "FAILED: wrk saw errors, or fewer signatures stored ($stored) than answered (${answered:-?})"; exit 1
  fi
  echo "--- $answered signatures answered 200, $stored stored: none lost"
  if [ "$MAILER" = smtp ]; then
    echo "--- a burst at $BURST_RATE sign-ups/s for $BURST_SECONDS s: time from sign-up to email accepted by the relay"
    target/release/examples/signup_burst --url "http://127.0.0.1:$PORT" --rate "$BURST_RATE" \
      --seconds "$BURST_SECONDS" --sink-log "$WORK/accepted.log" --run "$1"
  fi
  stop
  [ "$MAILER" = smtp ] && drain "$1" "$2" "$3"
  return 0
}

# The relay was unreachable during a burst: how fast does the backlog go out once it is back?
# The server first runs against a relay that accepts connections and never answers (one
# connection, which hangs), so that sign-ups pile up in the outbox; it is killed, then
# started again with the stand-in relay, and we time the backlog.
drain() { # $1 = name, $2 = database URL, $3 = SQL runner
  python3 -c "import socket, time; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $((SINK_PORT + 1)))); s.listen(1024); time.sleep(3600)" &
  local hole=$!
  ESSAIM_MAIL__SMTP_URL="smtp://127.0.0.1:$((SINK_PORT + 1))" ESSAIM_MAIL__CONNECTIONS=1 ESSAIM_MAIL__TIMEOUT_SECS=3600 \
    ESSAIM_BIND="127.0.0.1:$PORT" ESSAIM_DATABASE_URL="$2" RUST_LOG=warn \
    ESSAIM_LIMITS__SIGN_PER_MINUTE=1000000000 ESSAIM_LIMITS__SIGN_PER_HOUR=1000000000 "$BIN" serve >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/sante" >/dev/null && break; sleep 0.1; done
  local csrf
  csrf=$(curl -s -c - "http://127.0.0.1:$PORT/" | awk '$6 == "essaim_csrf" { print $7 }')
  ESSAIM_BENCH_CSRF="$csrf" ESSAIM_BENCH_RUN="$1-drain" \
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s bench/signup.lua "http://127.0.0.1:$PORT/signer" >/dev/null
  kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  kill "$hole"; wait "$hole" 2>/dev/null || true
  # What the killed server had claimed waits for its lease (5 min): not part of the backlog timed.
  local backlog
  backlog=$(echo "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND claimed_by IS NULL" | $3)
  local t0 t1
  t0=$(now_us) # before the start: the figure includes the server's start-up
  start "$2"
  for _ in $(seq 2400); do
    [ "$(wc -l <"$WORK/accepted.log")" -ge "$backlog" ] && break
    sleep 0.05
  done
  t1=$(now_us)
  echo "--- backlog after a burst with the relay down: $backlog emails delivered in $(python3 -c "print(f'{($t1 - $t0) / 1e6:.1f} s ({$backlog / (($t1 - $t0) / 1e6):.0f}/s)')")"
  stop
}

for backend in $BACKENDS; do
  case $backend in
    sqlite)
      bench sqlite "sqlite://$WORK/essaim.db" "sqlite3 $WORK/essaim.db" ;;
    postgres)
      psql -q "$PG_URL" -c "CREATE SCHEMA $SCHEMA" >/dev/null
      bench postgres "$PG_URL?options=-c%20search_path%3D$SCHEMA" "psql -tAq $PG_URL?options=-c%20search_path%3D$SCHEMA" ;;
  esac
done
