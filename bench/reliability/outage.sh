#!/usr/bin/env bash
# Dependency outage: while load flows, SIGSTOP Redis (the L2 device cache) for PAUSE seconds, then
# the MQTT broker for PAUSE seconds, then (with --l3) the Firestore emulator, the L3 registry.
# Targets: 0 missing, no dead letters (every message is valid, so any dead letter is a transient
# error leaking out), recovery reported.
#
#   bench/reliability/outage.sh [--pause 60] [--rate 500] [--sinks warehouse,archive] [--l3]
#                               [--short]
#
# --l3: the registry is the official Firestore emulator (from the Google Cloud SDK), with the
# negative caches at 1 s so that lookups keep reaching it; its devices are not seeded, so every
# message passes through as an unknown device (the default policy) once L3 has answered.
#
# --short: 10-second pauses (the CI version). A timeline (health code and stage counters each
# second) is written to timeline.txt; recovery = seconds from SIGCONT until the counter that
# depends on the stopped process moves again.
# Exit code: the verifier's with --fail-on-dead-letters.
source "$(dirname "$0")/../lib.sh"

PAUSE=60 RATE=500 SINKS=warehouse,archive L3=no
while [ $# -gt 0 ]; do
  case "$1" in
    --pause) PAUSE="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --sinks) SINKS="$2"; shift 2 ;;
    --l3) L3=yes; shift ;;
    --short) PAUSE=10; shift ;;
    *) die "unknown argument $1 (see the header of $0)" ;;
  esac
done
if [ "$L3" = yes ]; then LOAD_SECONDS=$(( 3 * PAUSE + 60 )); else LOAD_SECONDS=$(( 2 * PAUSE + 40 )); fi
COUNT=$(( LOAD_SECONDS * RATE ))
BOUND=$(( LOAD_SECONDS + 600 ))

bench_init outage
log "pause=${PAUSE}s rate=$RATE count=$COUNT sinks=$SINKS"
need_tools
command -v redis-server >/dev/null || { log "installing redis-server"; (apt-get update -qq && apt-get install -y -qq redis-server) >/dev/null; }
loadgen_jar
start_broker
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$OUT/redis.log" 2>&1 &
REDIS_PID=$!
track "$REDIS_PID"
wait_port "$REDIS_PORT" 10 || die "redis-server did not start"
log "redis-server pid $REDIS_PID on $REDIS_PORT"
write_devices 1000 20
prepare_server
export SERVER_ENV="DATAFLOW_DEVICES_FILE=$DEVICES_FILE DATAFLOW_ENRICH_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
if [ "$L3" = yes ]; then
  FIRESTORE_JAR=/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar
  [ -f "$FIRESTORE_JAR" ] || die "--l3 needs the Firestore emulator at $FIRESTORE_JAR (bin/ensure-tools)"
  FIRESTORE_PORT=$(free_port)
  java -cp "$FIRESTORE_JAR" com.google.cloud.datastore.emulator.firestore.CloudFirestore start \
    --host=127.0.0.1 --port="$FIRESTORE_PORT" >"$OUT/firestore.log" 2>&1 &
  FIRESTORE_PID=$!
  track "$FIRESTORE_PID"
  wait_port "$FIRESTORE_PORT" 60 || die "the Firestore emulator did not start (see $OUT/firestore.log)"
  log "Firestore emulator pid $FIRESTORE_PID on $FIRESTORE_PORT"
  SERVER_ENV="$SERVER_ENV DATAFLOW_ENRICH_REGISTRY=firestore DATAFLOW_ENRICH_FIRESTORE_PROJECT_ID=outage"
  SERVER_ENV="$SERVER_ENV DATAFLOW_ENRICH_FIRESTORE_EMULATOR_HOST=127.0.0.1:$FIRESTORE_PORT"
  SERVER_ENV="$SERVER_ENV DATAFLOW_ENRICH_L1_NEGATIVE_TTL=1s DATAFLOW_ENRICH_REDIS_NEGATIVE_TTL=1s"
fi
start_server 240
sample_timeline "$OUT/timeline.txt"
load_in_background outage loadgen --count="$COUNT" --rate="$RATE" --devices=1000 --locations=20 \
  --payload-bytes=200 --duration="${BOUND}s" --seed=5 --run="out$(date +%s)"

# outage NAME PID STAGE OUTCOME
outage() {
  sleep 10
  log "SIGSTOP $1 (pid $2) for ${PAUSE}s; health before: $(health_code)"
  kill -STOP "$2"
  local half=$(( PAUSE / 2 ))
  sleep "$half"
  log "$1 stopped ${half}s: health $(health_code)"
  sleep $(( PAUSE - half ))
  kill -CONT "$2"
  log "SIGCONT $1"
  local line; line=$(recovery "$1" "$3" "$4")
  log "$line"
  echo "$line" >>"$OUT/recovery.txt"
}
outage redis "$REDIS_PID" enrich published
outage broker "$BROKER_PID" ingestion received
[ "$L3" = yes ] && outage firestore "$FIRESTORE_PID" enrich published
wait_load "$BOUND"

rc=$(verify_run drained "$SINKS" 180 --fail-on-dead-letters)
log "graceful stop after the run took $(stop_server_gracefully 120)s"
rc=$(verify_run final "$SINKS" 0 --fail-on-dead-letters)
jq -c '{verdict, deadLetters: .deadLetters.byReason, sinks: [.sinks[] | {sink, missing, duplicated, deadLettered}]}' "$OUT/final-verify.json" >&2
log "recovery: $(tr '\n' ';' <"$OUT/recovery.txt")"
log "verifier exit $rc; timeline in $OUT/timeline.txt"
finish "$rc"
