#!/usr/bin/env bash
# Hard kill: kill -9 the server at random moments while sequence-numbered load flows, restart it,
# repeat; then check that nothing is missing in either sink and report the duplicates.
#
#   bench/reliability/kill9.sh [--cycles 20] [--count 100000] [--rate 1000] [--sinks warehouse,archive]
#                              [--seed N] [--id-strategy uuid|content] [--embedded-broker] [--witness]
#                              [--short]
#
# --short: one kill cycle over 10,000 messages (the CI version).
# --id-strategy: the server's dataflow.ingest.id-strategy (default uuid); with content, a message
#   the broker delivers again after a kill carries the same id, so the sinks store it once.
# The load goes to a private mosquitto that keeps the server's persistent MQTT session (fixed client
# id) while the server is down, so messages published during a restart wait at the broker.
# --embedded-broker: the load goes to the server's own embedded broker instead (Artemis, journal
#   under <data-dir>/mqtt-broker), which dies with it and restores what it acknowledged when the
#   server is back; the generator's session reconnects to it then.
# --witness: an independent persistent subscriber (mosquitto_sub, QoS 1, client id k9-witness,
#   reconnecting after each kill) records every message the broker delivers to it. For a message
#   missing in a sink, the run then says whether the broker delivered it (so the pipeline lost it)
#   or never did (so the broker lost it or never routed it).
# Exit code: the verifier's (0: nothing missing). Target: 0 missing; duplicates are reported.
source "$(dirname "$0")/../lib.sh"

CYCLES=20 COUNT=100000 RATE=1000 SINKS=warehouse,archive SEED=$RANDOM IDS=uuid EMBEDDED=no WITNESS=no
while [ $# -gt 0 ]; do
  case "$1" in
    --cycles) CYCLES="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --sinks) SINKS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --id-strategy) IDS="$2"; shift 2 ;;
    --embedded-broker) EMBEDDED=yes; shift ;;
    --witness) WITNESS=yes; shift ;;
    --short) CYCLES=1; COUNT=10000; shift ;;
    *) die "unknown argument $1 (see the header of $0)" ;;
  esac
done
# start_witness: the --witness subscriber, restarted by its loop whenever it exits (mosquitto_sub
# exits when the broker goes away with the server); stopped by the cleanup trap.
start_witness() {
  local port="${BROKER_URL##*:}"
  (while true; do
    mosquitto_sub -h 127.0.0.1 -p "$port" -q 1 -c -i k9-witness -t 'devices/#' -F '%t %p' \
      >>"$OUT/witness.txt" 2>>"$OUT/witness.err"
    sleep 0.5
  done) &
  track $!
  sleep 1
  log "witness subscriber on $BROKER_URL: $OUT/witness.txt"
}

# report_witness VERIFY_JSON: for each message missing in a sink, whether the witness got it.
report_witness() {
  jq -r '.sinks[] | .sink as $s | .missingByDevice | to_entries[] | "\($s) \(.key) \(.value)"' "$1" |
    while read -r sink key ranges; do
      local run="${key%%/*}" dev="${key#*/}" r lo hi q
      for r in ${ranges//,/ }; do
        lo="${r%-*}" hi="${r#*-}"
        for ((q = lo; q <= hi; q++)); do
          if grep -q "\"deviceId\":\"$dev\",\"run\":\"$run\",\"seq\":$q," "$OUT/witness.txt"; then
            log "missing in $sink: $key seq $q: the broker delivered it to the witness (lost after the broker)"
          else
            log "missing in $sink: $key seq $q: the broker never delivered it to the witness"
          fi
        done
      done
    done
}

[ "$RATE" -gt 0 ] || die "--rate must be positive: the kills are spread over the load"
RANDOM=$SEED
LOAD_SECONDS=$(( (COUNT + RATE - 1) / RATE ))
BOUND=$(( LOAD_SECONDS + CYCLES * 120 + 300 ))

bench_init kill9
log "cycles=$CYCLES count=$COUNT rate=$RATE sinks=$SINKS seed=$SEED id-strategy=$IDS embedded-broker=$EMBEDDED (bound ${BOUND}s)"
need_tools
loadgen_jar
EXTRA_ENV=""
if [ "$EMBEDDED" = yes ]; then
  BROKER_PORT=$(free_port)
  BROKER_URL="tcp://127.0.0.1:$BROKER_PORT"
  SERVER_MQTT_URL=""
  EXTRA_ENV="DATAFLOW_MQTT_EMBEDDED_PORT=$BROKER_PORT"
  log "the server's embedded broker on $BROKER_PORT"
else
  start_broker
fi
write_devices 1000 20
prepare_server
export SERVER_ENV="DATAFLOW_DEVICES_FILE=$DEVICES_FILE DATAFLOW_INGEST_ID_STRATEGY=$IDS $EXTRA_ENV"
start_server 240
[ "$WITNESS" = yes ] && start_witness
load_in_background kill9 loadgen --count="$COUNT" --rate="$RATE" --devices=1000 --locations=20 \
  --payload-bytes=200 --duration="${BOUND}s" --seed="$SEED" --run="k9$SEED"

# Kill moments: spread over the load, each at a random point of its slice.
SLICE=$(( LOAD_SECONDS / CYCLES > 2 ? LOAD_SECONDS / CYCLES : 2 ))
: >"$OUT/kills.txt"
for ((c = 1; c <= CYCLES; c++)); do
  sleep "$(( 1 + RANDOM % SLICE )).$(( RANDOM % 10 ))"
  before="ingestion.received=$(metric ingestion received) bigquery.acked=$(metric bigquery acked) archive.acked=$(metric archive acked)"
  kill9_server
  log "cycle $c/$CYCLES: kill -9 at $(date -u +%T.%N | cut -c1-12) ($before)"
  echo "$c $(date +%s.%N) $before" >>"$OUT/kills.txt"
  start_server 240
done
wait_load "$BOUND"

log "waiting for the sinks to catch up"
rc=$(verify_run drained "$SINKS" 180)
log "graceful stop after the run took $(stop_server_gracefully 120)s"
rc=$(verify_run final "$SINKS" 0)
[ "$WITNESS" = yes ] && report_witness "$OUT/final-verify.json"
jq -c '{verdict, sinks: [.sinks[] | {sink, missing, duplicated, extraCopies, deadLettered}]}' "$OUT/final-verify.json" >&2
log "kill -9 cycles: $CYCLES, server starts: $SERVER_STARTS; verifier exit $rc"
finish "$rc"
