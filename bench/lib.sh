# Shared helpers for the bench/ scripts. Source it; do not run it.
#
# Every process a script starts is registered with `track PID` and stopped by that pid when the
# script exits, also on failure or Ctrl-C (SIGCONT first, in case a test left it stopped; SIGTERM;
# SIGKILL after a grace period). Every target is on the loopback interface, on free ports.
#
# Environment (all optional):
#   WLP          Liberty runtime (default dataflow-it/ or dataflow-ear/target/liberty/wlp, else unpacked from Maven)
#   EAR          the application (default dataflow-ear/target/dataflow.ear; built when missing)
#   SERVER_XML   server configuration (default liberty/server.xml)
#   JVM_OPTIONS  extra lines for the server's jvm.options, e.g. "-Xmx512m"
#   MVN_FLAGS    extra Maven flags for builds, e.g. "-o"
#   LOADGEN_JAR  the load generator (default dataflow-loadgen/target/dataflow-loadgen.jar)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIBERTY_VERSION="${LIBERTY_VERSION:-26.0.0.3}"
TRACKED=()

log() { printf '[%s %s] %s\n' "$(date -u +%H:%M:%S)" "${BENCH_NAME:-bench}" "$*" >&2; }
die() {
  log "ERROR: $*"
  [ "${BENCH_NAME:-}" != e2e ] && [ -n "${BENCH_NAME:-}" ] && echo "$BENCH_NAME: 0 passed, 1 failed"
  exit 2
}

# bench_init NAME: output directory, cleanup trap.
bench_init() {
  BENCH_NAME="$1"
  OUT="${BENCH_OUT:-$ROOT/target/bench/$1-$(date -u +%Y%m%dT%H%M%SZ)}"
  mkdir -p "$OUT"
  trap cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM
  log "output in $OUT"
}

track() { TRACKED+=("$1"); }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# stop_pid PID [GRACE_SECONDS]: SIGCONT, SIGTERM, then SIGKILL after the grace period.
stop_pid() {
  local pid="$1" grace="${2:-20}" i
  alive "$pid" || return 0
  kill -CONT "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  log "pid $pid ignored SIGTERM for ${grace}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? i
  for ((i = ${#TRACKED[@]} - 1; i >= 0; i--)); do
    stop_pid "${TRACKED[$i]}" 30
  done
  [ $rc -eq 0 ] || log "exit code $rc; logs in ${OUT:-?}"
  exit $rc
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_port PORT SECONDS
wait_port() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

now() { date +%s.%N; }

# started_at SUMMARY: the first publish of a load run, epoch seconds.
started_at() { jq -r '.startedAtMillis / 1000' "$1"; }

# need_tools: installs what is missing through apt (as the machine's own setup would).
need_tools() {
  local missing=()
  command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  command -v mosquitto_sub >/dev/null || missing+=(mosquitto-clients)
  command -v curl >/dev/null || missing+=(curl)
  command -v python3 >/dev/null || missing+=(python3)
  command -v jq >/dev/null || missing+=(jq)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    (apt-get update -qq && apt-get install -y -qq "${missing[@]}") >/dev/null || die "cannot install ${missing[*]}"
  fi
  MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
}

# --- the load generator --------------------------------------------------------------------------

loadgen_jar() {
  LOADGEN_JAR="${LOADGEN_JAR:-$ROOT/dataflow-loadgen/target/dataflow-loadgen.jar}"
  if [ ! -f "$LOADGEN_JAR" ]; then
    log "building the load generator"
    (cd "$ROOT" && ./mvnw -B -q ${MVN_FLAGS:-} -pl dataflow-loadgen -am package -Dmaven.test.skip=true -Dspotless.skip=true) >&2 || die "loadgen build failed"
  fi
}

loadgen() { java -jar "$LOADGEN_JAR" "$@"; }

# --- the broker ----------------------------------------------------------------------------------

# start_broker: a private mosquitto on a free port. Sets BROKER_PORT, BROKER_URL, BROKER_PID.
# The queue per persistent session is large, so a stopped server loses nothing to the broker.
# BROKER_MAX_INFLIGHT: QoS 1 messages the broker sends a client before it waits for PUBACKs
# (mosquitto's max_inflight_messages; its default is 20).
start_broker() {
  BROKER_PORT="$(free_port)"
  local conf="$OUT/mosquitto.conf"
  cat >"$conf" <<CONF
listener $BROKER_PORT 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages ${BROKER_MAX_QUEUED:-2000000}
max_inflight_messages ${BROKER_MAX_INFLIGHT:-20}
max_queued_bytes 0
CONF
  "$MOSQUITTO" -c "$conf" >"$OUT/mosquitto.log" 2>&1 &
  BROKER_PID=$!
  track "$BROKER_PID"
  wait_port "$BROKER_PORT" 10 || die "mosquitto did not start (see $OUT/mosquitto.log)"
  BROKER_URL="tcp://127.0.0.1:$BROKER_PORT"
  log "mosquitto pid $BROKER_PID on $BROKER_PORT"
}

# --- the server ----------------------------------------------------------------------------------

# prepare_server: the runtime, the application and a private Liberty user directory (own ports,
# data directory and environment; never the integration-test server's).
prepare_server() {
  # The runtime the tests (dataflow-it) or the Run command (dataflow-ear) installed, if any.
  if [ -z "${WLP:-}" ]; then
    WLP="$ROOT/dataflow-it/target/liberty/wlp"
    [ -x "$WLP/bin/server" ] || WLP="$ROOT/dataflow-ear/target/liberty/wlp"
  fi
  EAR="${EAR:-$ROOT/dataflow-ear/target/dataflow.ear}"
  SERVER_XML="${SERVER_XML:-$ROOT/liberty/server.xml}"
  [ -f "$SERVER_XML" ] || die "no server configuration at $SERVER_XML"
  if [ ! -f "$EAR" ]; then
    log "building the application"
    (cd "$ROOT" && ./mvnw -B -q ${MVN_FLAGS:-} -pl dataflow-ear -am package -Dmaven.test.skip=true -Dspotless.skip=true) >&2 || die "EAR build failed"
  fi
  if [ ! -x "$WLP/bin/server" ]; then
    WLP="$ROOT/target/bench/runtime/wlp"
    if [ ! -x "$WLP/bin/server" ]; then
      log "unpacking Open Liberty $LIBERTY_VERSION"
      (cd "$ROOT" && ./mvnw -B -q -N ${MVN_FLAGS:-} dependency:unpack \
        -Dartifact="io.openliberty:openliberty-runtime:$LIBERTY_VERSION:zip" \
        -DoutputDirectory="$ROOT/target/bench/runtime") >&2 || die "cannot unpack the Liberty runtime"
    fi
  fi
  USR="$OUT/wlp-usr"
  local srv="$USR/servers/dataflow"
  mkdir -p "$srv/apps"
  cp "$SERVER_XML" "$srv/server.xml"
  [ -f "$(dirname "$SERVER_XML")/jvm.options" ] && cp "$(dirname "$SERVER_XML")/jvm.options" "$srv/jvm.options"
  [ -n "${JVM_OPTIONS:-}" ] && printf '%s\n' $JVM_OPTIONS >>"$srv/jvm.options"
  cp "$EAR" "$srv/apps/dataflow.ear"
  HTTP_PORT="$(free_port)"
  printf 'http.port=%s\nhttps.port=%s\n' "$HTTP_PORT" "$(free_port)" >"$srv/bootstrap.properties"
  DATA_DIR="${DATA_DIR:-$OUT/data}"
  mkdir -p "$DATA_DIR"
}

# start_server [SECONDS]: runs the server in the foreground of a background job (`server run`
# execs java, so SERVER_PID is the JVM), and waits for /health/ready.
start_server() {
  local timeout="${1:-180}" i code
  SERVER_STARTS=$(( ${SERVER_STARTS:-0} + 1 ))
  env WLP_USER_DIR="$USR" \
    DATAFLOW_DATA_DIR="$DATA_DIR" \
    DATAFLOW_MQTT_URL="${SERVER_MQTT_URL-$BROKER_URL}" \
    DATAFLOW_MQTT_CLIENT_ID="${MQTT_CLIENT_ID:-dataflow-bench}" \
    ${SERVER_ENV:-} \
    "$WLP/bin/server" run dataflow >>"$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  track "$SERVER_PID"
  local t0; t0=$(now)
  for ((i = 0; i < timeout * 5; i++)); do
    alive "$SERVER_PID" || die "server exited during start (see $OUT/server.log)"
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/health/ready" || true)
    if [ "$code" = 200 ]; then
      log "server pid $SERVER_PID ready on $HTTP_PORT after $(elapsed "$t0")s"
      return 0
    fi
    sleep 0.2
  done
  curl -s "http://127.0.0.1:$HTTP_PORT/health/ready" >"$OUT/health-at-timeout.json" || true
  die "server not ready after ${timeout}s (see $OUT/server.log, $OUT/health-at-timeout.json)"
}

# stop_server_gracefully [SECONDS]: SIGTERM, wait; prints the seconds it took.
stop_server_gracefully() {
  local t0; t0=$(now)
  stop_pid "$SERVER_PID" "${1:-120}"
  elapsed "$t0"
}

kill9_server() {
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

# metric STAGE OUTCOME: a dataflow_stage_messages_total value from /metrics (0 when absent).
metric() {
  curl -s --max-time 5 "http://127.0.0.1:$HTTP_PORT/metrics" 2>/dev/null |
    awk -v s="stage=\"$1\"" -v o="outcome=\"$2\"" \
      '/^dataflow_stage_messages_total[{]/ && index($0, s) && index($0, o) { v = $NF } END { printf "%d\n", v + 0 }'
}

# stage_metrics: every dataflow_stage_* line, for the record.
stage_metrics() {
  curl -s --max-time 5 "http://127.0.0.1:$HTTP_PORT/metrics" 2>/dev/null | grep '^dataflow_stage' || true
}

# wait_metric STAGE OUTCOME TARGET SECONDS: polls until the counter reaches TARGET; prints the
# time (epoch seconds) it did, or fails.
wait_metric() {
  local i v
  for ((i = 0; i < $4 * 5; i++)); do
    v=$(metric "$1" "$2")
    if [ "$v" -ge "$3" ]; then
      now
      return 0
    fi
    alive "$SERVER_PID" || return 1
    sleep 0.2
  done
  return 1
}

rss_mb() { awk '/VmRSS/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
heap_used_mb() {
  command -v jstat >/dev/null || { echo 0; return; }
  jstat -gc "$1" 2>/dev/null | awk 'NR == 2 { printf "%.0f\n", ($3 + $4 + $6 + $8) / 1024 }'
}
gc_seconds() {
  command -v jstat >/dev/null || { echo "n/a"; return; }
  jstat -gcutil "$1" 2>/dev/null | awk 'NR == 2 { print $NF }'
}

# sample_process PID FILE: appends "epoch rss_mb heap_used_mb" every second while PID lives.
sample_process() {
  (
    while alive "$1"; do
      echo "$(date +%s) $(rss_mb "$1") $(heap_used_mb "$1")"
      sleep 1
    done
  ) >>"$2" 2>/dev/null &
  track $!
}

peak_column() { awk -v c="$2" 'BEGIN { m = 0 } $c > m { m = $c } END { print m }' "$1" 2>/dev/null || echo 0; }

machine_line() {
  printf '%s, %s cores, %s GiB RAM, %s, %s' \
    "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" "$(uname -sr)" \
    "$(java -version 2>&1 | head -1)"
}

# --- shared by the reliability scripts -------------------------------------------------------------

# write_devices DEVICES LOCATIONS: the device file the server enriches from; sets DEVICES_FILE.
write_devices() {
  DEVICES_FILE="$OUT/devices.json"
  loadgen loadgen --devices="$1" --locations="$2" --devices-file="$DEVICES_FILE" --devices-file-only 2>/dev/null
}

# load_in_background NAME ARGS...: runs the load generator; sets LOAD_PID, LOAD_SUMMARY.
load_in_background() {
  local name="$1"; shift
  LOAD_SUMMARY="$OUT/$name-summary.json"
  loadgen "$@" --broker="$BROKER_URL" --summary="$LOAD_SUMMARY" >"$OUT/$name-loadgen.out" 2>"$OUT/$name-loadgen.log" &
  LOAD_PID=$!
  track "$LOAD_PID"
}

# wait_load SECONDS: waits for the background load generator; fails if it outlives the bound.
wait_load() {
  local i
  for ((i = 0; i < $1 * 10; i++)); do
    if ! alive "$LOAD_PID"; then
      wait "$LOAD_PID" 2>/dev/null || log "load generator: not every message acknowledged by the broker"
      log "load: $(jq -c '{sent, acked, failed, unrouted, elapsedSeconds}' "$LOAD_SUMMARY")"
      return 0
    fi
    sleep 0.1
  done
  die "load generator still running after $1 s"
}

# verify_run NAME SINKS WAIT_SECONDS [verify flags...]: runs the verifier; prints its exit code.
verify_run() {
  local name="$1" sinks="$2" wait="$3" rc=0; shift 3
  loadgen verify --expect="$LOAD_SUMMARY" --data-dir="$DATA_DIR" --sinks="$sinks" --wait="${wait}s" \
    --report="$OUT/$name-verify.json" "$@" >"$OUT/$name-verify.txt" 2>"$OUT/$name-verify.log" || rc=$?
  sed "s/^/  /" "$OUT/$name-verify.txt" >&2
  echo "$rc"
}

# health_code: the HTTP status of /health/ready (000 when the server does not answer).
health_code() { curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/health/ready" || true; }

# sample_timeline FILE: every second "epoch health ingestion.received enrich.published
# bigquery.acked archive.acked", while the server lives.
sample_timeline() {
  (
    echo "# epoch health ingestion_received enrich_published bigquery_acked archive_acked"
    while alive "$SERVER_PID"; do
      echo "$(date +%s) $(health_code) $(metric ingestion received) $(metric enrich published) $(metric bigquery acked) $(metric archive acked)"
      sleep 1
    done
  ) >>"$1" 2>/dev/null &
  track $!
}

# finish RC: prints the plain "N passed, N failed" closing line CI reads, and exits with RC.
# recovery NAME STAGE OUTCOME: seconds from now until the stage counter moves (bounded by 180 s).
recovery() {
  local start v0 i; start=$(now); v0=$(metric "$2" "$3")
  if [ "$v0" -eq 0 ]; then
    echo "$1: recovery not measured ($2.$3 has counted nothing: is the $2 stage deployed?)"
    return
  fi
  for ((i = 0; i < 900; i++)); do
    [ "$(metric "$2" "$3")" -gt "$v0" ] && { echo "$1 recovered in $(elapsed "$start")s ($2.$3 moving again)"; return; }
    sleep 0.2
  done
  echo "$1 did NOT recover within 180s ($2.$3 stuck at $v0)"
}

finish() {
  if [ "$1" -eq 0 ]; then echo "$BENCH_NAME: 1 passed, 0 failed"; else echo "$BENCH_NAME: 0 passed, 1 failed"; fi
  exit "$1"
}
