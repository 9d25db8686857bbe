#!/usr/bin/env bash
# Graceful stop: SIGTERM the server in the middle of the load, restart it, let the load finish;
# every pending batch must be flushed: 0 missing AND 0 duplicated.
#
#   bench/reliability/sigterm.sh [--cycles 3] [--count 30000] [--rate 1000] [--sinks warehouse,archive]
#                                [--short]
#
# --short: one SIGTERM cycle over 10,000 messages (the CI version).
# Exit code: the verifier's with --fail-on-duplicates (0: nothing missing, nothing duplicated).
source "$(dirname "$0")/../lib.sh"

CYCLES=3 COUNT=30000 RATE=1000 SINKS=warehouse,archive
while [ $# -gt 0 ]; do
  case "$1" in
    --cycles) CYCLES="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --sinks) SINKS="$2"; shift 2 ;;
    --short) CYCLES=1; COUNT=10000; shift ;;
    *) die "unknown argument $1 (see the header of $0)" ;;
  esac
done
[ "$RATE" -gt 0 ] || die "--rate must be positive: the stops are spread over the load"
LOAD_SECONDS=$(( (COUNT + RATE - 1) / RATE ))
BOUND=$(( LOAD_SECONDS + CYCLES * 240 + 300 ))

bench_init sigterm
log "cycles=$CYCLES count=$COUNT rate=$RATE sinks=$SINKS (bound ${BOUND}s)"
need_tools
loadgen_jar
start_broker
write_devices 1000 20
prepare_server
export SERVER_ENV="DATAFLOW_DEVICES_FILE=$DEVICES_FILE"
start_server 240
load_in_background sigterm loadgen --count="$COUNT" --rate="$RATE" --devices=1000 --locations=20 \
  --payload-bytes=200 --duration="${BOUND}s" --seed=11 --run="st$(date +%s)"

SLICE=$(( LOAD_SECONDS / (CYCLES + 1) > 1 ? LOAD_SECONDS / (CYCLES + 1) : 1 ))
for ((c = 1; c <= CYCLES; c++)); do
  sleep "$SLICE"
  log "cycle $c/$CYCLES: SIGTERM (ingestion.received=$(metric ingestion received))"
  log "cycle $c/$CYCLES: server stopped in $(stop_server_gracefully 120)s"
  start_server 240
done
wait_load "$BOUND"

rc=$(verify_run drained "$SINKS" 180)
log "graceful stop after the run took $(stop_server_gracefully 120)s"
rc=$(verify_run final "$SINKS" 0 --fail-on-duplicates)
jq -c '{verdict, sinks: [.sinks[] | {sink, missing, duplicated, extraCopies, deadLettered}]}' "$OUT/final-verify.json" >&2
log "SIGTERM cycles: $CYCLES; verifier exit $rc"
finish "$rc"
