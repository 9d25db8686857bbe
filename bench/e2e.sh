#!/usr/bin/env bash
# End-to-end benchmark of the all-in-one server, against a baseline measured in the same run.
#
#   bench/e2e.sh [--count N] [--devices N] [--locations N] [--payload-bytes N] [--rate R]
#                [--timeout SECONDS] [--short] [--no-doc] [--profile]
#
# 1. Baseline: a private mosquitto; `mosquitto_sub -q 1` alone drains COUNT messages published by
#    the load generator. Baseline rate = COUNT / (last message received - first publish).
# 2. Pipeline: the all-in-one server (embedded defaults, own data directory, same broker), the same
#    load. A sink's rate = COUNT / (time its received counter reached COUNT - first publish),
#    polled on /metrics every 0.2 s; the pipeline's is the slower sink's, reported as a ratio to
#    the baseline. When each sink had durably written (acked) everything is reported too.
# 3. Latency receipt -> sink (p50/p99/max) from `verify`; server RSS (peak, sampled each second)
#    and GC time (jstat GCT) at the end of the load.
# 4. --profile: a JFR recording of the server (settings "profile") and its per-thread CPU time from
#    /proc, both over the pipeline phase, turned by bench/profile/JfrBreakdown.java into the CPU
#    cost per message of each component, GC and JIT included, and the bytes allocated per message
#    (profile.json; a section of docs/benchmarks.md). The recording stays in target/bench.
# Results go to target/bench/e2e-*/results.json and, unless --no-doc, docs/benchmarks.md
# (BENCH_NOTE, if set, is printed at the top of the document: say there what was unusual).
# Bounded: at most COUNT messages, every wait has a timeout, every process is stopped by pid.
source "$(dirname "$0")/lib.sh"

COUNT=200000 DEVICES=1000 LOCATIONS=20 PAYLOAD=256 RATE=0 TIMEOUT=600 DOC=1 SHORT=0 PROFILE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --devices) DEVICES="$2"; shift 2 ;;
    --locations) LOCATIONS="$2"; shift 2 ;;
    --payload-bytes) PAYLOAD="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --short) SHORT=1; COUNT=20000; shift ;;
    --no-doc) DOC=0; shift ;;
    --profile) PROFILE=1; shift ;;
    *) die "unknown argument $1 (see the header of $0)" ;;
  esac
done
[ "$COUNT" -le 5000000 ] || die "--count is capped at 5,000,000"

bench_init e2e
need_tools
loadgen_jar
start_broker
LOAD_ARGS=(--broker="$BROKER_URL" --count="$COUNT" --devices="$DEVICES" --locations="$LOCATIONS"
  --payload-bytes="$PAYLOAD" --rate="$RATE" --qos=1 --duration="${TIMEOUT}s" --seed=1)

# --- 1. baseline ---------------------------------------------------------------------------------
log "baseline: mosquitto_sub drains $COUNT messages"
timeout "$TIMEOUT" mosquitto_sub -p "$BROKER_PORT" -i bench-baseline -q 1 -t 'devices/+/telemetry' \
  -C "$COUNT" -F '%U' >"$OUT/baseline-sub.txt" &
SUB_PID=$!
track "$SUB_PID"
sleep 1 # mosquitto_sub has no "subscribed" signal; 1 s is ample on loopback
loadgen loadgen "${LOAD_ARGS[@]}" --run=baseline --summary="$OUT/baseline-summary.json" 2>"$OUT/baseline-loadgen.log" >/dev/null
wait "$SUB_PID" || die "mosquitto_sub did not receive $COUNT messages within ${TIMEOUT}s"
BASE_RECEIVED=$(wc -l <"$OUT/baseline-sub.txt")
BASE_START=$(started_at "$OUT/baseline-summary.json")
BASE_END=$(tail -1 "$OUT/baseline-sub.txt")
BASE_RATE=$(python3 -c "import sys; print(round(int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2]))))" "$BASE_RECEIVED" "$BASE_START" "$BASE_END")
log "baseline: $BASE_RECEIVED messages, $BASE_RATE msg/s"

# --- 2. pipeline ---------------------------------------------------------------------------------
prepare_server
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"
loadgen loadgen --devices="$DEVICES" --locations="$LOCATIONS" --devices-file="$OUT/devices.json" --devices-file-only 2>/dev/null
SERVER_ENV="DATAFLOW_DEVICES_FILE=$OUT/devices.json" start_server 240
sample_process "$SERVER_PID" "$OUT/server-samples.txt"
RSS_IDLE=$(rss_mb "$SERVER_PID")
if [ "$PROFILE" = 1 ]; then
  command -v jcmd >/dev/null || die "--profile needs jcmd (the JDK's) on PATH"
  python3 "$ROOT/bench/profile/thread_cpu.py" "$SERVER_PID" >"$OUT/thread-cpu-start.txt"
  jcmd "$SERVER_PID" JFR.start name=e2e settings=profile filename="$OUT/pipeline.jfr" >"$OUT/jfr-start.txt" ||
    die "could not start the JFR recording (see $OUT/jfr-start.txt)"
fi
log "pipeline: $COUNT messages through the server"
loadgen loadgen "${LOAD_ARGS[@]}" --run=pipeline --summary="$OUT/pipeline-summary.json" 2>"$OUT/pipeline-loadgen.log" >/dev/null || log "loadgen: not every message acknowledged by the broker"
PIPE_START=$(started_at "$OUT/pipeline-summary.json")
# One poll loop records when each counter first reaches COUNT: ingestion acked (PUBACK after raw
# accepted), each sink received (accepted into a batch: its throughput) and acked (durably written:
# includes the batching delay). A sink that has counted nothing after the load is not deployed.
declare -A DONE=()
WATCH=(ingestion:acked bigquery:received archive:received bigquery:acked archive:acked)
deadline=$(( $(date +%s) + TIMEOUT ))
while [ "$(date +%s)" -lt "$deadline" ] && alive "$SERVER_PID"; do
  metrics_text=$(curl -s --max-time 5 "http://127.0.0.1:$HTTP_PORT/metrics" || true)
  t=$(now)
  pending=0
  for w in "${WATCH[@]}"; do
    [ -n "${DONE[$w]:-}" ] && continue
    v=$(printf '%s\n' "$metrics_text" | awk -v s="stage=\"${w%%:*}\"" -v o="outcome=\"${w##*:}\"" \
      '/^dataflow_stage_messages_total[{]/ && index($0, s) && index($0, o) { v = $NF } END { printf "%d\n", v + 0 }')
    if [ "$v" -ge "$COUNT" ]; then DONE[$w]="$t"; else pending=1; fi
  done
  [ "$pending" = 0 ] && break
  # Stop waiting for a sink that has counted nothing 15 s after ingestion finished: not deployed.
  if [ -n "${DONE[ingestion:acked]:-}" ] && [ "$(elapsed "${DONE[ingestion:acked]}" | cut -d. -f1)" -ge 15 ]; then
    kept=()
    for w in "${WATCH[@]}"; do
      [ "${w%%:*}" != ingestion ] && [ "$(metric "${w%%:*}" received)" -eq 0 ] || kept+=("$w")
    done
    WATCH=("${kept[@]}")
  fi
  sleep 0.2
done
if [ "$PROFILE" = 1 ]; then
  python3 "$ROOT/bench/profile/thread_cpu.py" "$SERVER_PID" >"$OUT/thread-cpu-end.txt"
  jcmd "$SERVER_PID" JFR.stop name=e2e >"$OUT/jfr-stop.txt" || die "could not stop the JFR recording"
  java "$ROOT/bench/profile/JfrBreakdown.java" "$OUT/pipeline.jfr" "$COUNT" \
    "$OUT/thread-cpu-start.txt" "$OUT/thread-cpu-end.txt" "$OUT/profile.json" >/dev/null ||
    die "the profile breakdown failed"
  log "profile: $(jq -r '"\(.cpuMicrosPerMessage) us of CPU and \(.allocatedBytesPerMessage) bytes allocated per message"' "$OUT/profile.json")"
fi
SINKS=()
[ "$(metric bigquery received)" -gt 0 ] && SINKS+=(warehouse)
[ "$(metric archive received)" -gt 0 ] && SINKS+=(archive)
GC_S=$(gc_seconds "$SERVER_PID")
RSS_END=$(rss_mb "$SERVER_PID")
stage_metrics >"$OUT/metrics-end.txt"
STOP_S=$(stop_server_gracefully 120)
RSS_PEAK=$(peak_column "$OUT/server-samples.txt" 2)
HEAP_PEAK=$(peak_column "$OUT/server-samples.txt" 3)

rate_of() { [ -n "${DONE[$1]:-}" ] && python3 -c "import sys; print(round(int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2]))))" "$COUNT" "$PIPE_START" "${DONE[$1]}" || echo ""; }
after_start() { [ -n "${DONE[$1]:-}" ] && python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 1))" "$PIPE_START" "${DONE[$1]}" || echo ""; }
ING_RATE=$(rate_of ingestion:acked)
BQ_RATE=$(rate_of bigquery:received)
AR_RATE=$(rate_of archive:received)
BQ_DURABLE_S=$(after_start bigquery:acked)
AR_DURABLE_S=$(after_start archive:acked)
LOAD_S=$(jq -r '.elapsedSeconds * 10 | round / 10' "$OUT/pipeline-summary.json")
SINK_LIST=$(IFS=,; echo "${SINKS[*]:-none}")
VERIFY_RC=0
loadgen verify --expect="$OUT/pipeline-summary.json" --data-dir="$DATA_DIR" --sinks="$SINK_LIST" \
  --report="$OUT/verify.json" >"$OUT/verify.txt" 2>&1 || VERIFY_RC=$?
cat "$OUT/verify.txt" >&2

export OUT COUNT DEVICES LOCATIONS PAYLOAD RATE BASE_RATE ING_RATE BQ_RATE AR_RATE RSS_IDLE RSS_END \
  RSS_PEAK HEAP_PEAK GC_S STOP_S VERIFY_RC LOADAVG BQ_DURABLE_S AR_DURABLE_S LOAD_S
MACHINE="$(machine_line)" DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)" python3 "$ROOT/bench/e2e_results.py"

if [ "$DOC" = 1 ]; then
  python3 "$ROOT/bench/write_benchmarks_doc.py" "$OUT/results.json" "$ROOT/docs/benchmarks.md" \
    "bench/e2e.sh $( [ "$SHORT" = 1 ] && echo --short || echo --count "$COUNT" --devices "$DEVICES" --payload-bytes "$PAYLOAD" --rate "$RATE")$( [ "$PROFILE" = 1 ] && echo " --profile")"
  log "docs/benchmarks.md updated"
fi
log "done: results in $OUT/results.json"
