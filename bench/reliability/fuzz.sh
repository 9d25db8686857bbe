#!/usr/bin/env bash
# Bad input: publish random bytes, truncated and deeply nested JSON, invalid UTF-8, oversize
# payloads, messages on topics that match no route, and the poison classes (event times no store
# holds, pretty-printed and newline-terminated JSON, NUL escapes, device ids of 2,000 characters or
# of the reserved form __x__). Targets: the server never crashes and never stalls; every
# routed message is either processed (in each sink) or dead-lettered with a reason; bounded heap.
#
#   bench/reliability/fuzz.sh [--count 100000] [--rate 0] [--sinks warehouse,archive] [--seed N]
#                             [--short]
#
# --short: 10,000 messages (the CI version).
# Also checks the ingestion counters: received = routed messages = published + dead-lettered.
# Exit code: 1 if the server died or is not ready or ingestion lost count, else the verifier's.
source "$(dirname "$0")/../lib.sh"

COUNT=100000 RATE=0 SINKS=warehouse,archive SEED=$RANDOM
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --sinks) SINKS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --short) COUNT=10000; shift ;;
    *) die "unknown argument $1 (see the header of $0)" ;;
  esac
done
BOUND=$(( 900 + COUNT / 100 ))

bench_init fuzz
log "count=$COUNT rate=$RATE sinks=$SINKS seed=$SEED"
need_tools
loadgen_jar
start_broker
prepare_server
start_server 240
sample_process "$SERVER_PID" "$OUT/server-samples.txt"
load_in_background fuzz fuzz --count="$COUNT" --rate="$RATE" --seed="$SEED" --run="fz$SEED" \
  --duration="${BOUND}s"
wait_load "$BOUND"

rc=$(verify_run drained "$SINKS" 180)
# Stage-level accounting (counters since this server started): ingestion must receive every
# routed message and either publish it to raw or dead-letter it.
ROUTED=$(jq '[.perDevice[]] | add // 0' "$LOAD_SUMMARY")
wait_metric ingestion received "$ROUTED" 120 >/dev/null || true
sleep 2
ING_RECEIVED=$(metric ingestion received)
ING_PUBLISHED=$(metric ingestion published)
ING_DEAD=$(metric ingestion dead_lettered)
log "ingestion: routed $ROUTED, received $ING_RECEIVED, published $ING_PUBLISHED, dead-lettered $ING_DEAD"
ACCOUNTED=yes
[ "$ING_RECEIVED" -eq "$ROUTED" ] && [ $(( ING_PUBLISHED + ING_DEAD )) -eq "$ING_RECEIVED" ] || ACCOUNTED=no
ALIVE=yes; alive "$SERVER_PID" || ALIVE=no
HEALTH=$(health_code)
log "server alive: $ALIVE, /health/ready: $HEALTH, peak RSS $(peak_column "$OUT/server-samples.txt" 2) MB, peak heap used $(peak_column "$OUT/server-samples.txt" 3) MB"
stage_metrics >"$OUT/metrics-end.txt"
log "graceful stop took $(stop_server_gracefully 120)s"
rc=$(verify_run final "$SINKS" 0)
jq -c '{verdict, deadLetters: .deadLetters.byReason, sinks: [.sinks[] | {sink, found, missing, deadLettered}]}' "$OUT/final-verify.json" >&2
jq -c '{sent, unrouted, perKind: .perDevice}' "$LOAD_SUMMARY" >&2
if [ "$ALIVE" != yes ] || [ "$HEALTH" != 200 ]; then
  log "FAIL: server crashed or not ready after the fuzz run"
  finish 1
fi
if [ "$ACCOUNTED" != yes ]; then
  log "FAIL: ingestion did not account for every routed message"
  finish 1
fi
finish "$rc"
