#!/usr/bin/env bash
# Seconds from a serve command to /health/ready answering 200, then stops what the command started.
#   benchmarks/serve-ready.sh [PORT] -- COMMAND [ARG ...]     e.g. benchmarks/serve-ready.sh -- ./mvnw -Pserve
# The command's output goes to ${SERVE_LOG:-/tmp/parley-serve-ready.log}.
set -euo pipefail
port=9080
[ "${1:-}" != "--" ] && { port=$1; shift; }
[ "${1:-}" = "--" ] && shift
log=${SERVE_LOG:-/tmp/parley-serve-ready.log}
start=$(date +%s%N)
setsid "$@" >"$log" 2>&1 </dev/null &
pid=$!
stop() { kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT
deadline=$((start + 600 * 1000000000))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/health/ready")" = 200 ]; do
  kill -0 "$pid" 2>/dev/null || { echo "the command ended before ready (see $log)" >&2; exit 1; }
  [ "$(date +%s%N)" -lt "$deadline" ] || { echo "not ready after 600 s (see $log)" >&2; exit 1; }
  sleep 0.1
done
awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "ready after %.1f s\n", ns / 1e9 }'
