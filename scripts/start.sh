#!/usr/bin/env bash
# Builds rmq (Release) and runs a name server on 127.0.0.1:9876 and broker-a on 10911
# with conf/namesrv.conf and conf/broker.conf. Data and logs go under ./data.
# Ctrl-C stops both cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh release -DRMQ_BUILD_TESTS=OFF
bin=build/release/bin
mkdir -p data/logs

"$bin/mqnamesrv" -c conf/namesrv.conf >>data/logs/namesrv.log 2>&1 &
namesrv_pid=$!
stop() {
  trap - INT TERM
  echo "stopping broker and name server..."
  [ -n "${broker_pid:-}" ] && kill -TERM "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null || true
  kill -TERM "$namesrv_pid" 2>/dev/null && wait "$namesrv_pid" 2>/dev/null || true
  echo "stopped."
  exit 0
}
trap stop INT TERM

wait_port() {  # wait_port PORT NAME PID
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then echo "$2 exited; see data/logs/" >&2; tail -5 "data/logs/$2.log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "$2 did not open port $1 within 10 s" >&2
  exit 1
}

wait_port 9876 namesrv "$namesrv_pid"
echo "mqnamesrv running (pid $namesrv_pid) on 127.0.0.1:9876, log data/logs/namesrv.log"

"$bin/mqbroker" -c conf/broker.conf >>data/logs/broker.log 2>&1 &
broker_pid=$!
wait_port 10911 broker "$broker_pid"
echo "mqbroker  running (pid $broker_pid) on 127.0.0.1:10911, log data/logs/broker.log"
echo "Ctrl-C stops both."

while kill -0 "$namesrv_pid" 2>/dev/null && kill -0 "$broker_pid" 2>/dev/null; do
  wait -n "$namesrv_pid" "$broker_pid" 2>/dev/null || true
done
echo "a server exited on its own; see data/logs/" >&2
stop
