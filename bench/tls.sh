#!/usr/bin/env bash
# What HTTPS costs: server CPU per GetItem and per PutItem over TLS against plain HTTP, on
# kept-alive connections (the handshake is paid once per connection). One server serves
# both (--port plain, --tls-port HTTPS, a certificate of cairn tls init), pinned to cpu0,
# wrk to cpu1; runs interleaved; server CPU time read from /proc and divided by the
# requests served.
#
#   bench/tls.sh [DURATION [REPEAT]]    (bench/lib.sh: defaults and environment)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

WORK="$(mktemp -d)"
PORT=$(free_port)
TLS_PORT=$(free_port)
"$CAIRN" tls init --dir "$WORK/tls" >/dev/null
taskset -c 0 "$CAIRN" serve --port "$PORT" --tls-port "$TLS_PORT" --tls-cert "$WORK/tls/cert.pem" \
  --tls-key "$WORK/tls/key.pem" --data-dir "$WORK/data" --threads 1 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
wait_for "$PORT"
/usr/bin/python3 "$BENCH/setup.py" "http://localhost:$PORT" "$KEYS" >/dev/null

run() {  # $1 http|https, $2 get|put, $3 duration
  local url="http://localhost:$PORT/"
  [[ $1 == https ]] && url="https://localhost:$TLS_PORT/"
  measure "$SERVER" "$url" "$BENCH/$2.lua" "$3" BENCH_TABLE=plain
}

compare "get put" "http https" HTTPS
