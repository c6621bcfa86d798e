#!/usr/bin/env bash
# What authentication and authorization cost: server CPU per GetItem with --auth sigv4 (the
# root user: no policy), with --auth sigv4 as a user whose simple identity policy allows
# GetItem on the table ("policy"), and with --auth none, the same pre-signed requests replayed
# to each (bench/presign.py; SigV4 accepts a signed
# request for 15 minutes, which the whole run fits in). Servers pinned to cpu0, wrk to cpu1,
# runs interleaved; server CPU time read from /proc and divided by the requests served.
#
#   bench/auth.sh [DURATION [REPEAT]]       defaults: 15s, 3
#   env: CAIRN (binary, default build/cairn), CONNS (16), KEYS (items, 20000), WARMUP (10s),
#        SIGNED (distinct signed requests, 20000)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
DURATION="${1:-15s}"
REPEAT="${2:-3}"
CAIRN="${CAIRN:-$ROOT/build/cairn}"
CONNS="${CONNS:-16}"
KEYS="${KEYS:-20000}"
WARMUP="${WARMUP:-10s}"
SIGNED="${SIGNED:-20000}"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

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
  for _ in $(seq 50); do curl -s "http://localhost:${PORT[$mode]}/" >/dev/null && break; sleep 0.1; done
  /usr/bin/python3 "$HERE/setup.py" "http://localhost:${PORT[$mode]}" "$KEYS" >/dev/null
done
# Signed last, just before the runs: the 15-minute window starts now.
for mode in "${MODES[@]}"; do
  /usr/bin/python3 "$HERE/presign.py" "http://localhost:${PORT[$mode]}" "${KEY[$mode]}" "${KEY[$mode]}" "$KEYS" \
    "$SIGNED" "$WORK/$mode.requests"
done

HZ=$(getconf CLK_TCK)
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12+$13}'; }
run() {  # $1 mode, $2 duration -> "ops/s us/op"
  local t0 t1 out requests errors
  t0=$(ticks "${PID[$1]}")
  out=$(BENCH_REQUESTS="$WORK/$1.requests" taskset -c 1 wrk -t1 -c"$CONNS" -d"$2" \
        -s "$HERE/signed_get.lua" "http://localhost:${PORT[$1]}/")
  t1=$(ticks "${PID[$1]}")
  requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' <<<"$out")
  errors=$(sed -n 's/^RESULT .* errors=\([0-9]*\).*/\1/p' <<<"$out")
  if [[ "$errors" != 0 ]] || grep -q '^ERROR' <<<"$out"; then echo "errors with --auth $1: $out" >&2; exit 3; fi
  awk -v n="$requests" -v d="${2%s}" -v a="$t0" -v b="$t1" -v hz="$HZ" \
    'BEGIN{printf "%.0f %.1f\n", n/d, (b-a)/hz*1e6/n}'
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
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
# shellcheck disable=SC2086
nu=$(median ${US[none]}); su=$(median ${US[sigv4]}); pu=$(median ${US[policy]})
echo "median  none   $nu us/op"
echo "median  sigv4  $su us/op"
echo "median  policy $pu us/op"
awk -v n="$nu" -v s="$su" 'BEGIN{printf "GetItem with --auth sigv4 costs %.2fx the server CPU of --auth none\n", s/n}'
awk -v n="$nu" -v p="$pu" 'BEGIN{printf "GetItem with --auth sigv4 and a simple policy costs %.2fx the server CPU of --auth none\n", p/n}'
