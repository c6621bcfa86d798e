#!/usr/bin/env bash
# What encryption at rest costs: server CPU per PutItem (and GetItem) with
# --encryption-key-file against without, two servers side by side, each pinned to cpu0 in
# turn with wrk on cpu1, runs interleaved; server CPU time read from /proc and divided by
# the requests served.
#
#   bench/encryption.sh [DURATION [REPEAT]]        defaults: 15s, 3
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
  for _ in $(seq 50); do curl -s "http://localhost:${PORT[$mode]}/" >/dev/null && break; sleep 0.1; done
  /usr/bin/python3 "$HERE/setup.py" "http://localhost:${PORT[$mode]}" "$KEYS" >/dev/null
done

HZ=$(getconf CLK_TCK)
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12+$13}'; }
run() {  # $1 mode, $2 put|get, $3 duration -> "ops/s us/op"
  local t0 t1 out requests errors
  t0=$(ticks "${PID[$1]}")
  out=$(BENCH_TABLE=plain BENCH_KEYS="$KEYS" taskset -c 1 wrk -t1 -c"$CONNS" -d"$3" \
        -s "$HERE/$2.lua" "http://localhost:${PORT[$1]}/")
  t1=$(ticks "${PID[$1]}")
  requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' <<<"$out")
  errors=$(sed -n 's/^RESULT .* errors=\([0-9]*\).*/\1/p' <<<"$out")
  if [[ "$errors" != 0 ]] || grep -q '^ERROR' <<<"$out"; then echo "errors ($1): $out" >&2; exit 3; fi
  awk -v n="$requests" -v d="${3%s}" -v a="$t0" -v b="$t1" -v hz="$HZ" \
    'BEGIN{printf "%.0f %.1f\n", n/d, (b-a)/hz*1e6/n}'
}

for op in put get; do for mode in "${MODES[@]}"; do run "$mode" "$op" "$WARMUP" >/dev/null; done; done
declare -A US
printf '%-4s %-4s %-10s %10s %10s\n' run op storage ops/s srv_us/op
for ((r = 1; r <= REPEAT; r++)); do
  for op in put get; do
    order=(plain encrypted); ((r % 2 == 0)) && order=(encrypted plain)
    for mode in "${order[@]}"; do
      read -r ops us < <(run "$mode" "$op" "$DURATION")
      printf '%-4s %-4s %-10s %10s %10s\n' "$r" "$op" "$mode" "$ops" "$us"
      US[$op-$mode]+="$us "
    done
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for op in put get; do
  # shellcheck disable=SC2086
  p=$(median ${US[$op-plain]}); e=$(median ${US[$op-encrypted]})
  awk -v op="$op" -v p="$p" -v e="$e" \
    'BEGIN{printf "median %s: plain %s us/op, encrypted %s us/op: encryption costs %.2fx\n", op, p, e, e/p}'
done
