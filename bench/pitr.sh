#!/usr/bin/env bash
# What point-in-time recovery costs: server CPU per PutItem (and GetItem) on a table with
# recovery on against the same table without, two servers side by side, each pinned to cpu0
# in turn with wrk on cpu1, runs interleaved; server CPU time read from /proc and divided by
# the requests served. PutItem on the plain table is a blind write: without recovery one
# store write, with it a transaction (the item's lock) and a change record.
#
#   bench/pitr.sh [DURATION [REPEAT]]    (bench/lib.sh: defaults and environment)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

WORK="$(mktemp -d)"
MODES=(off on)
declare -A PORT PID
cleanup() { for m in "${MODES[@]}"; do kill "${PID[$m]:-}" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for mode in "${MODES[@]}"; do
  PORT[$mode]=$(free_port)
  taskset -c 0 "$CAIRN" serve --port "${PORT[$mode]}" --data-dir "$WORK/$mode" --threads 1 \
    >"$WORK/$mode.log" 2>&1 &
  PID[$mode]=$!
  wait_for "${PORT[$mode]}"
  /usr/bin/python3 "$BENCH/setup.py" "http://localhost:${PORT[$mode]}" "$KEYS" >/dev/null
  if [[ $mode == on ]]; then
    AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench aws dynamodb update-continuous-backups \
      --region us-east-1 --endpoint-url "http://localhost:${PORT[$mode]}" --table-name plain \
      --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true >/dev/null
  fi
done

run() {  # $1 mode, $2 put|get, $3 duration
  measure "${PID[$1]}" "http://localhost:${PORT[$1]}/" "$BENCH/$2.lua" "$3" BENCH_TABLE=plain
}

compare "put get" "off on" "point-in-time recovery"
