#!/usr/bin/env bash
# CPU per chunk and turns per second per node of a running cluster under a bounded load: one LoadBenchmark per node
# URL at once (each drives its own chats through its node), CPU from /proc of the node processes and of the shared
# processes (PostgreSQL with its backends, the broker), chunks from the channels' heads (records are trimmed and swept
# while the load runs, seqs never go back): every record written to .out minus one turn-complete per turn.
#   NODE_PIDS="p1 p2" SHARED_PIDS="postgres-pid broker-pid" PSQL="psql -h 127.0.0.1 -p 5432 -U postgres" \
#   KEY=tr_… CHATS=20 TURNS=5 benchmarks/cluster-load.sh http://127.0.0.1:9080 http://127.0.0.1:9081
# Build the benchmarks first (mvn -f benchmarks/pom.xml -q compile); JAVA_HOME: a JDK 21+ for the load clients
set -euo pipefail
: "${NODE_PIDS:?}" "${PSQL:?}" "${KEY:?}"
CHATS=${CHATS:-20}; TURNS=${TURNS:-5}; SHARED_PIDS=${SHARED_PIDS:-}
hz=$(getconf CLK_TCK)
# a process's CPU ticks, with those of its children (live ones and the ones it has waited for: PostgreSQL's backends)
ticks() {
  local pid=$1 sum
  sum=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat")
  for c in $(pgrep -P "$pid" || true); do
    sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
records() { $PSQL -Atc "select coalesce(sum(next_seq), 0) from stream_head where io = 'out'"; }
declare -A before
for p in $NODE_PIDS $SHARED_PIDS; do before[$p]=$(ticks "$p"); done
c0=$(records); t0=$(date +%s%N)
out=$(mktemp -d)
i=0
for url in "$@"; do
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$(dirname "$0")/target/classes" dev.parley.bench.LoadBenchmark --url "$url" --key "$KEY" \
    --chats "$CHATS" --turns "$TURNS" >"$out/$i.txt" 2>&1 &
  i=$((i + 1))
done
wait
wall=$(( $(date +%s%N) - t0 )); c1=$(records)
node_ticks=0
for p in $NODE_PIDS; do node_ticks=$((node_ticks + $(ticks "$p") - before[$p])); done
shared_ticks=0
for p in $SHARED_PIDS; do shared_ticks=$((shared_ticks + $(ticks "$p") - before[$p])); done
turns=$(cat "$out"/*.txt | awk '/turns completed/ { s += $(NF-4) } END { print s + 0 }')
errors=$(cat "$out"/*.txt | awk '/turns completed/ { s += $(NF-1) } END { print s + 0 }')
n=$((c1 - c0 - turns))
awk -v nodes=$# -v wall="$wall" -v n="$n" -v turns="$turns" -v errors="$errors" -v nt="$node_ticks" -v st="$shared_ticks" -v hz="$hz" 'BEGIN {
  s = wall / 1e9
  printf "%d node(s): %d turns, %d errors, %d chunks in %.1f s: %.1f turns/s per node\n", nodes, turns, errors, n, s, turns / s / nodes
  printf "CPU: nodes %.1f s, PostgreSQL and broker %.1f s; per 1,000 chunks: nodes %.0f ms, all %.0f ms; per turn: all %.1f ms\n",
    nt / hz, st / hz, nt / hz / n * 1e6, (nt + st) / hz / n * 1e6, (nt + st) / hz / turns * 1e3
}'
rm -rf "$out"
