# Shared by the benchmark scripts (sourced with the script's arguments): the settings, free
# ports, a server's CPU time, one measured wrk run, medians.
#   [DURATION [REPEAT]]    defaults: 15s, 3
#   env: CAIRN (binary, default build/cairn), CONNS (16), KEYS (items, 20000), WARMUP (10s)
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DURATION="${1:-15s}"
REPEAT="${2:-3}"
CAIRN="${CAIRN:-$(dirname "$BENCH")/build/cairn}"
CONNS="${CONNS:-16}"
KEYS="${KEYS:-20000}"
WARMUP="${WARMUP:-10s}"
HZ=$(getconf CLK_TCK)
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until the server on port $1 answers its health check.
wait_for() {
  for _ in $(seq 50); do curl -s "http://localhost:$1/" >/dev/null && return; sleep 0.1; done
}

# The CPU time (user + system, in clock ticks) process $1 has used.
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12+$13}'; }

# measure PID URL SCRIPT DURATION [NAME=VALUE...]: wrk (cpu1, CONNS connections) runs the
# Lua script against URL with those variables in its environment; prints "ops/s us/op", the
# requests per second and PID's CPU microseconds per request. Any failed request ends the
# benchmark.
measure() {
  local pid=$1 url=$2 script=$3 duration=$4 t0 t1 out requests errors
  shift 4
  t0=$(ticks "$pid")
  out=$(env "$@" BENCH_KEYS="$KEYS" taskset -c 1 wrk -t1 -c"$CONNS" -d"$duration" -s "$script" "$url")
  t1=$(ticks "$pid")
  requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' <<<"$out")
  errors=$(sed -n 's/^RESULT .* errors=\([0-9]*\).*/\1/p' <<<"$out")
  if [[ "$errors" != 0 ]] || grep -q '^ERROR' <<<"$out"; then echo "errors ($url): $out" >&2; exit 3; fi
  awk -v n="$requests" -v d="${duration%s}" -v a="$t0" -v b="$t1" -v hz="$HZ" \
    'BEGIN{printf "%.0f %.1f\n", n/d, (b-a)/hz*1e6/n}'
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

# compare "OPS" "BASE OTHER" WHAT: the script's run MODE OP DURATION, for each op with both
# modes, after a warm-up; REPEAT rounds, the modes' order alternating; prints each run, then
# per op the medians and what OTHER costs against BASE ("WHAT costs 1.13x").
compare() {
  local ops=$1 base=${2%% *} other=${2##* } what=$3 op mode r ops_s us
  local -A us_of
  for op in $ops; do for mode in $base $other; do run "$mode" "$op" "$WARMUP" >/dev/null; done; done
  printf '%-4s %-4s %-10s %10s %10s\n' run op mode ops/s srv_us/op
  for ((r = 1; r <= REPEAT; r++)); do
    for op in $ops; do
      local order=("$base" "$other")
      ((r % 2 == 0)) && order=("$other" "$base")
      for mode in "${order[@]}"; do
        read -r ops_s us < <(run "$mode" "$op" "$DURATION")
        printf '%-4s %-4s %-10s %10s %10s\n' "$r" "$op" "$mode" "$ops_s" "$us"
        us_of[$op-$mode]+="$us "
      done
    done
  done
  for op in $ops; do
    local b o
    # shellcheck disable=SC2086
    b=$(median ${us_of[$op-$base]}); o=$(median ${us_of[$op-$other]})
    awk -v op="$op" -v bn="$base" -v on="$other" -v b="$b" -v o="$o" -v w="$what" \
      'BEGIN{printf "median %s: %s %s us/op, %s %s us/op: %s costs %.2fx\n", op, bn, b, on, o, w, o/b}'
  done
}
