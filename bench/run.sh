#!/usr/bin/env bash
# Cairn's own benchmark: server CPU per PutItem on a table with two GSIs against a table
# without indexes (issue 5's yardstick), in the style of ../shared/bench: the server pinned
# to cpu0, wrk to cpu1, server CPU time read from /proc and divided by the requests served.
#
#   bench/run.sh [DURATION [REPEAT]]        defaults: 15s, 3
#   env: CAIRN (binary, default build/cairn), PORT (default: a free one), CONNS (16),
#        BENCH_MOVE (1: every put moves its two index entries; 0: rewrites them in place),
#        KEYS (items per table, 20000), WARMUP (10s)
# Prints one line per run and the medians: ops/s and server µs per PutItem for each table.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
DURATION="${1:-15s}"
REPEAT="${2:-3}"
CAIRN="${CAIRN:-$ROOT/build/cairn}"
CONNS="${CONNS:-16}"
KEYS="${KEYS:-20000}"
WARMUP="${WARMUP:-10s}"
PORT="${PORT:-$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

DATA="$(mktemp -d)"
taskset -c 0 "$CAIRN" serve --port "$PORT" --data-dir "$DATA" --threads 1 >"$DATA.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA" "$DATA.log"' EXIT
for _ in $(seq 50); do curl -s "http://localhost:$PORT/" >/dev/null && break; sleep 0.1; done
/usr/bin/python3 "$HERE/setup.py" "http://localhost:$PORT" "$KEYS"

ticks() { sed 's/^.*) //' "/proc/$SERVER/stat" | awk '{print $12+$13}'; }
HZ=$(getconf CLK_TCK)

run() {  # $1 table, $2 duration -> "ops/s us/op"
  local t0 t1 out requests errors
  t0=$(ticks)
  out=$(BENCH_TABLE="$1" BENCH_KEYS="$KEYS" taskset -c 1 wrk -t1 -c"$CONNS" -d"$2" \
        -s "$HERE/put.lua" "http://localhost:$PORT/")
  t1=$(ticks)
  requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' <<<"$out")
  errors=$(sed -n 's/^RESULT .* errors=\([0-9]*\).*/\1/p' <<<"$out")
  if [[ "$errors" != 0 ]]; then echo "errors in $1: $out" >&2; exit 3; fi
  awk -v n="$requests" -v d="${2%s}" -v a="$t0" -v b="$t1" -v hz="$HZ" \
    'BEGIN{printf "%.0f %.1f\n", n/d, (b-a)/hz*1e6/n}'
}

run plain "$WARMUP" >/dev/null
run gsi2 "$WARMUP" >/dev/null
declare -a plain_us gsi_us plain_ops gsi_ops
printf '%-6s %-6s %10s %10s\n' run table ops/s srv_us/op
for ((r = 1; r <= REPEAT; r++)); do
  for table in plain gsi2; do
    read -r ops us < <(run "$table" "$DURATION")
    printf '%-6s %-6s %10s %10s\n' "$r" "$table" "$ops" "$us"
    if [[ $table == plain ]]; then plain_us+=("$us"); plain_ops+=("$ops"); else gsi_us+=("$us"); gsi_ops+=("$ops"); fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
pu=$(median "${plain_us[@]}"); gu=$(median "${gsi_us[@]}")
echo "median  plain  $(median "${plain_ops[@]}") ops/s  $pu us/op"
echo "median  gsi2   $(median "${gsi_ops[@]}") ops/s  $gu us/op"
awk -v p="$pu" -v g="$gu" 'BEGIN{printf "PutItem with two GSIs costs %.2fx the server CPU of a PutItem without indexes\n", g/p}'
