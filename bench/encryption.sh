#!/usr/bin/env bash
# What encryption at rest costs: server CPU per PutItem (and GetItem) with
# --encryption-key-file against without, two servers side by side, each pinned to cpu0 in
# turn with wrk on cpu1, runs interleaved; server CPU time read from /proc and divided by
# the requests served.
#
#   bench/encryption.sh [DURATION [REPEAT]]    (bench/lib.sh: defaults and environment)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

WORK="$(mktemp -d)"
MODES=(plain encrypted)
declare -A PORT PID
cleanup() { for m in "${MODES[@]}"; do kill "${PID[$m]:-}" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
"$CAIRN" encryption-key --file "$WORK/key" >/dev/null
for mode in "${MODES[@]}"; do
  PORT[$mode]=$(free_port)
  extra=()
  [[ $mode == encrypted ]] && extra=(--encryption-key-file "$WORK/key")
  taskset -c 0 "$CAIRN" serve --port "${PORT[$mode]}" --data-dir "$WORK/$mode" --threads 1 \
    "${extra[@]}" >"$WORK/$mode.log" 2>&1 &
  PID[$mode]=$!
  wait_for "${PORT[$mode]}"
  /usr/bin/python3 "$BENCH/setup.py" "http://localhost:${PORT[$mode]}" "$KEYS" >/dev/null
done

run() {  # $1 mode, $2 put|get, $3 duration
  measure "${PID[$1]}" "http://localhost:${PORT[$1]}/" "$BENCH/$2.lua" "$3" BENCH_TABLE=plain
}

compare "put get" "plain encrypted" encryption
