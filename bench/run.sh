#!/usr/bin/env bash
# Cairn's own benchmark: server CPU per PutItem on a table with two GSIs against a table
# without indexes (issue 5's yardstick), in the style of ../shared/bench: the server pinned
# to cpu0, wrk to cpu1, server CPU time read from /proc and divided by the requests served.
#
#   bench/run.sh [DURATION [REPEAT]]    (bench/lib.sh: defaults and environment)
#   env also: PORT (default: a free one), BENCH_MOVE (1: every put moves its two index
#        entries; 0: rewrites them in place)
# Prints one line per run and the medians: ops/s and server µs per PutItem for each table.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
PORT="${PORT:-$(free_port)}"

DATA="$(mktemp -d)"
taskset -c 0 "$CAIRN" serve --port "$PORT" --data-dir "$DATA" --threads 1 >"$DATA.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA" "$DATA.log"' EXIT
wait_for "$PORT"
/usr/bin/python3 "$BENCH/setup.py" "http://localhost:$PORT" "$KEYS"

run() {  # $1 table, $2 duration
  measure "$SERVER" "http://localhost:$PORT/" "$BENCH/put.lua" "$2" BENCH_TABLE="$1" \
    BENCH_MOVE="${BENCH_MOVE:-1}"
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
pu=$(median "${plain_us[@]}"); gu=$(median "${gsi_us[@]}")
echo "median  plain  $(median "${plain_ops[@]}") ops/s  $pu us/op"
echo "median  gsi2   $(median "${gsi_ops[@]}") ops/s  $gu us/op"
awk -v p="$pu" -v g="$gu" 'BEGIN{printf "PutItem with two GSIs costs %.2fx the server CPU of a PutItem without indexes\n", g/p}'
