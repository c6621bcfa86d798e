#!/usr/bin/env bash
# What authentication and authorization cost: server CPU per GetItem with --auth sigv4 (the
# root user: no policy), with --auth sigv4 as a user whose simple identity policy allows
# GetItem on the table ("policy"), and with --auth none, the same pre-signed requests replayed
# to each (bench/presign.py; SigV4 accepts a signed
# request for 15 minutes, which the whole run fits in). Servers pinned to cpu0, wrk to cpu1,
# runs interleaved; server CPU time read from /proc and divided by the requests served.
#
#   bench/auth.sh [DURATION [REPEAT]]    (bench/lib.sh: defaults and environment)
#   env also: SIGNED (distinct signed requests, 20000)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
SIGNED="${SIGNED:-20000}"

WORK="$(mktemp -d)"
MODES=(none sigv4 policy)
declare -A PORT PID KEY
cleanup() { for m in "${MODES[@]}"; do kill "${PID[$m]:-}" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
KEY[none]=bench KEY[sigv4]=bench KEY[policy]=reader
for mode in "${MODES[@]}"; do
  PORT[$mode]=$(free_port)
  mkdir -p "$WORK/$mode"
  auth=$mode
  if [[ $mode == policy ]]; then
    auth=sigv4
    echo reader | "$CAIRN" keys create --data-dir "$WORK/$mode" --user reader \
      --access-key-id reader --secret-stdin >/dev/null
    echo '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem",
      "Resource":"arn:aws:dynamodb:*:*:table/plain"}]}' |
      "$CAIRN" policies put --data-dir "$WORK/$mode" --user reader --name read-plain
  fi
  CAIRN_ACCESS_KEY_ID=bench CAIRN_SECRET_ACCESS_KEY=bench taskset -c 0 "$CAIRN" serve \
    --port "${PORT[$mode]}" --data-dir "$WORK/$mode" --threads 1 --auth "$auth" \
    >"$WORK/$mode.log" 2>&1 &
  PID[$mode]=$!
  wait_for "${PORT[$mode]}"
  /usr/bin/python3 "$BENCH/setup.py" "http://localhost:${PORT[$mode]}" "$KEYS" >/dev/null
done
# Signed last, just before the runs: the 15-minute window starts now.
for mode in "${MODES[@]}"; do
  /usr/bin/python3 "$BENCH/presign.py" "http://localhost:${PORT[$mode]}" "${KEY[$mode]}" "${KEY[$mode]}" "$KEYS" \
    "$SIGNED" "$WORK/$mode.requests"
done

run() {  # $1 mode, $2 duration
  measure "${PID[$1]}" "http://localhost:${PORT[$1]}/" "$BENCH/signed_get.lua" "$2" \
    BENCH_REQUESTS="$WORK/$1.requests"
}

for mode in "${MODES[@]}"; do run "$mode" "$WARMUP" >/dev/null; done
declare -A US
printf '%-4s %-6s %10s %10s\n' run auth ops/s srv_us/op
for ((r = 1; r <= REPEAT; r++)); do
  order=(none sigv4 policy); ((r % 2 == 0)) && order=(policy sigv4 none)
  for mode in "${order[@]}"; do
    read -r ops us < <(run "$mode" "$DURATION")
    printf '%-4s %-6s %10s %10s\n' "$r" "$mode" "$ops" "$us"
    US[$mode]+="$us "
  done
done
# shellcheck disable=SC2086
nu=$(median ${US[none]}); su=$(median ${US[sigv4]}); pu=$(median ${US[policy]})
echo "median  none   $nu us/op"
echo "median  sigv4  $su us/op"
echo "median  policy $pu us/op"
awk -v n="$nu" -v s="$su" 'BEGIN{printf "GetItem with --auth sigv4 costs %.2fx the server CPU of --auth none\n", s/n}'
awk -v n="$nu" -v p="$pu" 'BEGIN{printf "GetItem with --auth sigv4 and a simple policy costs %.2fx the server CPU of --auth none\n", p/n}'
