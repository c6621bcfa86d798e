#!/usr/bin/env bash
# What HTTPS costs: server CPU per GetItem and per PutItem over TLS against plain HTTP, on
# kept-alive connections (the handshake is paid once per connection). One server serves
# both (--port plain, --tls-port HTTPS, a certificate of cairn tls init), pinned to cpu0,
# wrk to cpu1; runs interleaved; server CPU time read from /proc and divided by the
# requests served.
#
#   bench/tls.sh [DURATION [REPEAT]]        defaults: 15s, 3
#   env: CAIRN (binary, default build/cairn), CONNS (16), KEYS (items, 20000), WARMUP (10s)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
DURATION="${1:-15s}"
REPEAT="${2:-3}"
CAIRN="${CAIRN:-$ROOT/build/cairn}"
CONNS="${CONNS:-16}"
KEYS="${KEYS:-20000}"
WARMUP="${WARMUP:-10s}"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

WORK="$(mktemp -d)"
PORT=$(free_port)
TLS_PORT=$(free_port)
"$CAIRN" tls init --dir "$WORK/tls" >/dev/null
taskset -c 0 "$CAIRN" serve --port "$PORT" --tls-port "$TLS_PORT" --tls-cert "$WORK/tls/cert.pem" \
  --tls-key "$WORK/tls/key.pem" --data-dir "$WORK/data" --threads 1 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -s "http://localhost:$PORT/" >/dev/null && break; sleep 0.1; done
/usr/bin/python3 "$HERE/setup.py" "http://localhost:$PORT" "$KEYS" >/dev/null

HZ=$(getconf CLK_TCK)
ticks() { sed 's/^.*) //' "/proc/$SERVER/stat" | awk '{print $12+$13}'; }
run() {  # $1 http|https, $2 get|put, $3 duration -> "ops/s us/op"
  local t0 t1 out requests errors url
  url="http://localhost:$PORT/"
  [[ $1 == https ]] && url="https://localhost:$TLS_PORT/"
  t0=$(ticks)
  out=$(BENCH_TABLE=plain BENCH_KEYS="$KEYS" taskset -c 1 wrk -t1 -c"$CONNS" -d"$3" \
        -s "$HERE/$2.lua" "$url")
  t1=$(ticks)
  requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' <<<"$out")
  errors=$(sed -n 's/^RESULT .* errors=\([0-9]*\).*/\1/p' <<<"$out")
  if [[ "$errors" != 0 ]] || grep -q '^ERROR' <<<"$out"; then echo "errors over $1: $out" >&2; exit 3; fi
  awk -v n="$requests" -v d="${3%s}" -v a="$t0" -v b="$t1" -v hz="$HZ" \
    'BEGIN{printf "%.0f %.1f\n", n/d, (b-a)/hz*1e6/n}'
}

for op in get put; do for scheme in http https; do run "$scheme" "$op" "$WARMUP" >/dev/null; done; done
declare -A US
printf '%-4s %-4s %-6s %10s %10s\n' run op scheme ops/s srv_us/op
for ((r = 1; r <= REPEAT; r++)); do
  for op in get put; do
    order=(http https); ((r % 2 == 0)) && order=(https http)
    for scheme in "${order[@]}"; do
      read -r ops us < <(run "$scheme" "$op" "$DURATION")
      printf '%-4s %-4s %-6s %10s %10s\n' "$r" "$op" "$scheme" "$ops" "$us"
      US[$op-$scheme]+="$us "
    done
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for op in get put; do
  # shellcheck disable=SC2086
  h=$(median ${US[$op-http]}); s=$(median ${US[$op-https]})
  awk -v op="$op" -v h="$h" -v s="$s" \
    'BEGIN{printf "median %s: http %s us/op, https %s us/op: HTTPS costs %.2fx\n", op, h, s, s/h}'
done
