#!/usr/bin/env bash
# Smoke check of the README's Run command, as a newcomer runs it: the command is read from the
# README (the only line of the first code block under "## Run"), and run in a fresh clone of this
# repository with its own data directory and free ports, twice (the second run reuses the first
# one's build):
#   1. against a private Mosquitto (DATAFLOW_MQTT_URL);
#   2. with the embedded broker on a free port (DATAFLOW_MQTT_EMBEDDED_PORT).
# Each time: wait for /health/ready, check the ready block, publish with the README's try-it
# command, see every message in the archive (gzip JSONL read with zcat and jq) and, after a
# SIGTERM that must exit cleanly, in the warehouse (read with H2's own Shell). Every wait is
# bounded. Exit 0 when both runs pass.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
. "$ROOT/bin/lib/common.sh"

BUILD_TIMEOUT="${SMOKE_BUILD_TIMEOUT:-900}" # seconds to ready, including the build
STOP_TIMEOUT=120
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dataflow-smoke.XXXXXX")"
PIDS=()
cleanup() {
  local p
  # Each run is a session of its own (setsid): stop the whole group, so no server stays behind.
  for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for ((w = 0; w < 60; w++)); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null || true
  done
  [ -n "${SMOKE_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

log() { printf '[smoke %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "FAILED: $*"; [ -n "${RUN_LOG:-}" ] && [ -f "$RUN_LOG" ] && tail -40 "$RUN_LOG" | sed 's/^/[smoke]   | /'; exit 1; }

RUN_CMD="$(readme_block Run)"
[ "$(printf '%s\n' "$RUN_CMD" | wc -l)" -eq 1 ] && [ -n "$RUN_CMD" ] ||
  die "the first code block under '## Run' in README.md must hold exactly one line, found: '$RUN_CMD'"
TRY_CMD="$(grep -m1 -E '^\./bin/publish( |$)' "$ROOT/README.md" || true)"
[ -n "$TRY_CMD" ] || die "README.md shows no try-it command (a code line starting with ./bin/publish)"
log "README Run command: $RUN_CMD"
log "README try-it command: $TRY_CMD"

for tool in git jq zcat curl mosquitto; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || die "$tool is missing (bin/ensure-tools installs it)"
done
MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"

CLONE="$WORK/clone"
git clone -q "$ROOT" "$CLONE"
log "fresh clone of $(git -C "$CLONE" rev-parse --short HEAD) in $CLONE"

H2_VERSION="$(sed -n 's:.*<h2.version>\(.*\)</h2.version>.*:\1:p' "$ROOT/pom.xml")"
H2_JAR="$HOME/.m2/repository/com/h2database/h2/$H2_VERSION/h2-$H2_VERSION.jar"

# smoke_run NAME ENV...: one run of the README command with the given environment.
smoke_run() {
  local name="$1"; shift
  local http https data t0 ready_at code run password objects lines rows i status
  http="$(free_port)"; https="$(free_port)"
  data="$WORK/$name-data"
  RUN_LOG="$WORK/$name.log"
  log "[$name] starting: $* HTTP_PORT=$http"
  t0=$SECONDS
  (cd "$CLONE" && exec setsid env HTTP_PORT="$http" HTTPS_PORT="$https" DATAFLOW_DATA_DIR="$data" "$@" \
    bash -c "$RUN_CMD") >"$RUN_LOG" 2>&1 &
  local pid=$!
  PIDS+=("$pid")

  for ((i = 0; i < BUILD_TIMEOUT; i++)); do
    kill -0 "$pid" 2>/dev/null || die "[$name] the Run command exited before the server was ready"
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$http/health/ready" || true)"
    [ "$code" = 200 ] && break
    sleep 1
  done
  [ "$code" = 200 ] || die "[$name] /health/ready not UP after ${BUILD_TIMEOUT}s"
  ready_at=$(( SECONDS - t0 ))
  log "[$name] ready after ${ready_at}s (build included)"
  for ((i = 0; i < 20; i++)); do grep -q '^dataflow is ready' "$RUN_LOG" && break; sleep 0.5; done
  grep -q '^dataflow is ready' "$RUN_LOG" || die "[$name] no ready block printed"
  sed -n '/^dataflow is ready/,/^-----/p' "$RUN_LOG" | sed "s/^/[smoke]   /"
  grep -q "password in $data/admin-password" "$RUN_LOG" || die "[$name] the ready block does not say where the password is"
  [ -n "${EXPECT_MQTT:-}" ] && { grep -q "MQTT .*$EXPECT_MQTT" "$RUN_LOG" || die "[$name] the ready block does not name the broker ($EXPECT_MQTT)"; }
  grep -q "listening for requests on host .*127\.0\.0\.1) port $http\." "$CLONE/dataflow-ear/target/liberty/wlp/usr/servers/dataflow/logs/messages.log" ||
    die "[$name] the server does not listen on loopback only"

  log "[$name] publishing: $TRY_CMD"
  (cd "$CLONE" && env "$@" bash -c "$TRY_CMD") >"$WORK/$name-publish.log" 2>&1 ||
    { cat "$WORK/$name-publish.log"; die "[$name] the try-it command failed"; }
  run="$(jq -r .run "$CLONE/target/run/publish-last.json")"
  local sent; sent="$(jq -r .acked "$CLONE/target/run/publish-last.json")"
  [ "$sent" -ge 1 ] || die "[$name] the broker acknowledged no message"
  log "[$name] $sent messages of run $run acknowledged by the broker"

  password="$(cat "$data/admin-password")"
  lines=0
  for ((i = 0; i < 60; i++)); do
    curl -s -o /dev/null --max-time 5 -u "admin:$password" -X POST -H 'X-Requested-By: smoke' \
      "http://127.0.0.1:$http/admin/api/archive/batches/flush" || true
    objects="$(find "$data/archive" -name '*.jsonl.gz' 2>/dev/null)"
    if [ -n "$objects" ]; then
      lines="$(printf '%s\n' "$objects" | xargs zcat | jq -c --arg run "$run" 'select(.payload.run == $run)' | wc -l)"
    fi
    [ "$lines" -ge "$sent" ] && break
    sleep 1
  done
  [ "$lines" -eq "$sent" ] || die "[$name] the archive holds $lines of the $sent messages"
  log "[$name] archive: all $lines messages, read with zcat + jq"

  local stop0=$SECONDS
  kill -TERM "$pid"
  for ((i = 0; i < STOP_TIMEOUT; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && die "[$name] still running ${STOP_TIMEOUT}s after SIGTERM"
  status=0; wait "$pid" || status=$?
  [ "$status" -eq 0 ] || die "[$name] the Run command exited with $status after SIGTERM"
  grep -q 'CWWKE0036I' "$RUN_LOG" || die "[$name] the server did not report a clean stop"
  log "[$name] stopped cleanly in $(( SECONDS - stop0 ))s (exit 0)"

  [ -f "$H2_JAR" ] || die "no H2 jar in the local Maven repository"
  rows="$(java -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$data/warehouse/dataflow" -user sa -password "$(cat "$data/warehouse/password")" \
    -sql "SELECT COUNT(*) AS N FROM TELEMETRY WHERE PAYLOAD LIKE '%\"run\":\"$run\"%'" | awk 'NR == 2 {print $1}')"
  [ "$rows" = "$sent" ] || die "[$name] the warehouse holds ${rows:-no} rows of the $sent messages"
  log "[$name] warehouse: all $rows rows, read with H2 Shell"
  log "[$name] PASSED: ready in ${ready_at}s, total $(( SECONDS - t0 ))s"
}

# 1. A private Mosquitto on a free port.
mqtt_port="$(free_port)"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$mqtt_port" >"$WORK/mosquitto.conf"
"$MOSQUITTO" -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 &
PIDS+=("$!")
for ((i = 0; i < 50; i++)); do port_busy "$mqtt_port" && break; sleep 0.2; done
port_busy "$mqtt_port" || die "the private Mosquitto did not start"
EXPECT_MQTT="tcp://127.0.0.1:$mqtt_port (DATAFLOW_MQTT_URL)" smoke_run external-broker DATAFLOW_MQTT_URL="tcp://127.0.0.1:$mqtt_port"

# 2. The embedded broker on a free port; the second run of the same clone.
embedded_port="$(free_port)"
EXPECT_MQTT="tcp://127.0.0.1:$embedded_port (the embedded broker" smoke_run embedded-broker DATAFLOW_MQTT_EMBEDDED_PORT="$embedded_port"

log "PASSED: the README Run command, both broker modes"
