#!/usr/bin/env bash
# make devnet / make devnet-stop: four BFT validators and one full node of genesis/devnet-bft.json as
# separate processes on 127.0.0.1 (docs/operator-guide.md, "Run a validator"). Ports are chosen by
# the OS and printed; logs, pids and data directories live under target/devnet/.
#   scripts/devnet.sh start | stop
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:?set JAVA_HOME}/bin/java"
JAR=ledger-node/app/target/gridledger.jar
DIR=target/devnet
GENESIS=genesis/devnet-bft.json
# A young generation that holds a height's execution (decision 0025; the Makefile passes BFT_NODE_JAVA_OPTS).
NODE_JAVA_OPTS="${NODE_JAVA_OPTS:--Xmx512m -Xmn320m --enable-native-access=ALL-UNNAMED}"

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Waits for a line matching $2 in log $1 and prints its last field.
await_field() {
  local log=$1 pattern=$2 pid=$3
  for _ in $(seq 1 600); do
    local line
    line=$(grep -m1 -E "$pattern" "$log" 2>/dev/null || true)
    if [ -n "$line" ]; then
      echo "${line##* }"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "node exited; log:" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "timed out waiting for '$pattern' in $log" >&2
  return 1
}

start_node() {
  local name=$1 keyfile=$2 bootnodes=$3 evidencefile=${4:-}
  local args=(node --genesis "$GENESIS" --data-dir "$DIR/$name/data" --rpc-port 0 --p2p-port 0)
  [ -n "$keyfile" ] && args+=(--validator-key-file "$keyfile")
  [ -n "$evidencefile" ] && args+=(--evidence-key-file "$evidencefile")
  [ -n "$bootnodes" ] && args+=(--bootnodes "$bootnodes")
  mkdir -p "$DIR/$name"
  # shellcheck disable=SC2086
  nohup "$JAVA" $NODE_JAVA_OPTS -jar "$JAR" "${args[@]}" > "$DIR/$name.log" 2>&1 &
  echo $! > "$DIR/$name.pid"
}

start() {
  [ -f "$JAR" ] || { echo "$JAR is missing: run make build" >&2; exit 1; }
  for p in "$DIR"/*.pid; do
    if running "$p"; then echo "devnet already running ($p); make devnet-stop first" >&2; exit 1; fi
  done
  mkdir -p "$DIR"
  # Signers: test-mnemonic accounts 10-13 (unfunded); their operators, accounts 1-4, are funded
  # and pay for evidence transactions.
  mapfile -t keys < <("$JAVA" -cp "$JAR" scripts/DevnetKeys.java 10 14)
  mapfile -t operators < <("$JAVA" -cp "$JAR" scripts/DevnetKeys.java 1 5)
  local enodes=""
  printf '%-11s %-8s %-28s %s\n' node pid rpc enode
  for i in 0 1 2 3; do
    local name="validator$i"
    mkdir -p "$DIR/$name"
    printf '%s\n' "${keys[$i]}" > "$DIR/$name/validator.key"
    printf '%s\n' "${operators[$i]}" > "$DIR/$name/operator.key"
    chmod 600 "$DIR/$name/validator.key" "$DIR/$name/operator.key"
    start_node "$name" "$DIR/$name/validator.key" "$enodes" "$DIR/$name/operator.key"
    local pid rpc enode
    pid=$(cat "$DIR/$name.pid")
    rpc=$(await_field "$DIR/$name.log" 'Listening on' "$pid")
    enode=$(await_field "$DIR/$name.log" '^Enode ' "$pid")
    printf '%-11s %-8s %-28s %s\n' "$name" "$pid" "$rpc" "$enode"
    enodes="${enodes:+$enodes,}$enode"
  done
  start_node full "" "$enodes"
  local pid rpc enode
  pid=$(cat "$DIR/full.pid")
  rpc=$(await_field "$DIR/full.log" 'Listening on' "$pid")
  enode=$(await_field "$DIR/full.log" '^Enode ' "$pid")
  printf '%-11s %-8s %-28s %s\n' full "$pid" "$rpc" "$enode"
  echo "logs and pids: $DIR/; stop with: make devnet-stop"
}

stop() {
  local any=0
  for p in "$DIR"/*.pid; do
    [ -f "$p" ] || continue
    if running "$p"; then
      kill "$(cat "$p")" && any=1
    fi
  done
  for p in "$DIR"/*.pid; do
    [ -f "$p" ] || continue
    for _ in $(seq 1 100); do running "$p" || break; sleep 0.1; done
    running "$p" && kill -9 "$(cat "$p")"
    rm -f "$p"
  done
  [ "$any" = 1 ] && echo "devnet stopped (data kept in $DIR; remove it for a fresh chain)" || echo "no devnet running"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
