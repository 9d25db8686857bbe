# Shared by bin/run, bin/publish and bin/test: the Maven to use, and the checks that say clearly
# what is missing before anything long starts. Source it; it defines functions only.

say() { printf 'dataflow: %s\n' "$*"; }
fail() { printf 'dataflow: %s\n' "$*" >&2; exit 1; }

# The java that Maven will use (JAVA_HOME first, as mvnw does).
java_cmd() {
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else command -v java || true; fi
}

# require_java: Java 17 or newer, or a message that says how to get it.
require_java() {
  local java version
  java="$(java_cmd)"
  [ -n "$java" ] && [ -x "$java" ] ||
    fail "Java 17 or newer is needed and none was found (install a JDK, e.g. 'apt-get install openjdk-17-jdk-headless', or set JAVA_HOME)"
  version="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
  case "$version" in
    1.*|"") fail "Java 17 or newer is needed; $java is version ${version:-unknown} (set JAVA_HOME to a JDK 17+)" ;;
  esac
  [ "${version%%.*}" -ge 17 ] ||
    fail "Java 17 or newer is needed; $java is version $version (set JAVA_HOME to a JDK 17+)"
}

# The Maven command: MVN if set (checked to be 3.8.7 or newer, the oldest verified), else the
# project's wrapper, pinned to Maven 3.9.16 (downloaded from Maven Central on first use).
maven_cmd() {
  if [ -z "${MVN:-}" ]; then
    echo "$ROOT/mvnw"
    return
  fi
  local v
  v="$($MVN -B -v 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | awk '/^Apache Maven/ {print $3; exit}')"
  [ -n "$v" ] || fail "MVN=$MVN does not run"
  if [ "$(printf '%s\n3.8.7\n' "$v" | sort -V | head -1)" != "3.8.7" ]; then
    fail "MVN=$MVN is Maven $v; 3.8.7 or newer is needed (or unset MVN to use ./mvnw)"
  fi
  echo "$MVN"
}

# port_busy PORT: whether something accepts connections on 127.0.0.1:PORT.
port_busy() {
  { (exec 3<>"/dev/tcp/127.0.0.1/$1"); } 2>/dev/null
}

# require_free_port PORT SETTING: fails with the setting that moves it.
require_free_port() {
  if port_busy "$1"; then
    fail "port $1 is already in use by another program; choose another one with $2 (e.g. $2=$(( $1 + 1 )) ./bin/run)"
  fi
}

# liberty_version: the Open Liberty runtime version the build uses (pom.xml).
liberty_version() {
  sed -n 's:.*<liberty.runtime.version>\(.*\)</liberty.runtime.version>.*:\1:p' "$ROOT/pom.xml" | head -1
}

# maven_progress LOG: reads Maven's batch output, keeps all of it in LOG and prints what it is
# doing module by module, and a line per 50 downloaded files, so no step is silent for long.
maven_progress() {
  awk -v logfile="$1" '
    { print > logfile; fflush(logfile) }
    /^\[INFO\] Building .* \[[0-9]+\/[0-9]+\]$/ {
      line = $0; sub(/^\[INFO\] Building /, "", line)
      n = split(line, parts, " "); step = parts[n]; sub(/ +\[[0-9]+\/[0-9]+\]$/, "", line)
      printf "dataflow:   %s %s\n", step, line; fflush()
    }
    /^\[INFO\] Downloaded from / { if (++downloads % 50 == 0) { printf "dataflow:     %d files downloaded\n", downloads; fflush() } }
    /^\[ERROR\]/ { print; fflush() }
  '
}

# warn_existing_broker PORT: the server will use a broker it did not start. Such a broker's own
# limits apply, and Mosquitto's default (max_queued_messages 1000) drops QoS 1 messages while the
# pipeline pushes back. Says so loudly, with the configured limit where the broker's file is here.
warn_existing_broker() {
  local port="$1" limit=""
  if command -v pgrep >/dev/null && pgrep -x mosquitto >/dev/null && [ -r /etc/mosquitto/mosquitto.conf ]; then
    # conf.d may be missing or empty: cat then fails, which must not end the script (set -e).
    limit="$({ cat /etc/mosquitto/mosquitto.conf /etc/mosquitto/conf.d/*.conf 2>/dev/null || true; } |
      awk '$1 == "max_queued_messages" {v = $2} END {print v}')"
    [ -n "$limit" ] || limit="1000 (the default)"
  fi
  printf '%s\n' \
    "dataflow: WARNING: a broker already listens on 127.0.0.1:$port and DATAFLOW_MQTT_URL is not set," \
    "dataflow: WARNING: so the server uses that broker instead of starting the embedded one." \
    "dataflow: WARNING: Its own limits apply: a broker that queues only so many QoS 1 messages per client" \
    "dataflow: WARNING: drops the rest while the pipeline pushes back.${limit:+ A local Mosquitto runs here with max_queued_messages $limit.}" \
    "dataflow: WARNING: To use the embedded broker instead: DATAFLOW_MQTT_EMBEDDED_PORT=1884 ./bin/run" >&2
}

# http_status PORT PATH: the HTTP status code of a GET on 127.0.0.1 (bash only: no curl needed).
http_status() {
  local line
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || { echo 000; return; }
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
  IFS=' ' read -r -t 5 _ line _ <&3 || line=000
  exec 3<&- 3>&-
  echo "${line:-000}"
}

# ready_block PID: waits (at most 10 minutes, and only while PID lives) for the server's
# readiness, then prints what a newcomer needs: where the console is, how to log in, which broker
# is in use, where the data goes and what to try.
ready_block() {
  local pid="$1" start=$SECONDS i mqtt password messages
  messages="$ROOT/dataflow-ear/target/liberty/wlp/usr/servers/dataflow/logs/messages.log"
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    [ "$(http_status "$HTTP_PORT" /health/ready)" = 200 ] && break
    sleep 1
  done
  if [ "$i" -ge 600 ]; then
    say "not ready after 10 minutes: see $messages and http://127.0.0.1:$HTTP_PORT/health/ready"
    return 0
  fi
  if [ -n "${DATAFLOW_MQTT_URL:-}" ]; then
    mqtt="$(broker_url) (DATAFLOW_MQTT_URL)"
  elif grep -q "started the embedded MQTT broker" "$messages" 2>/dev/null; then
    mqtt="$(broker_url) (the embedded broker, started by this server)"
  else
    mqtt="$(broker_url) (an existing broker on that port, not started by dataflow)"
  fi
  if [ -n "${DATAFLOW_ADMIN_PASSWORD:-}" ]; then
    password="password from DATAFLOW_ADMIN_PASSWORD"
  else
    password="password in $DATAFLOW_DATA_DIR/admin-password"
  fi
  local try="./bin/publish"
  [ -n "${DATAFLOW_MQTT_EMBEDDED_PORT:-}" ] && [ -z "${DATAFLOW_MQTT_URL:-}" ] && try="DATAFLOW_MQTT_EMBEDDED_PORT=$DATAFLOW_MQTT_EMBEDDED_PORT ./bin/publish"
  [ -n "${DATAFLOW_MQTT_URL:-}" ] && try="DATAFLOW_MQTT_URL=$DATAFLOW_MQTT_URL ./bin/publish"
  printf '%s\n' \
    "" \
    "dataflow is ready ($(( SECONDS - start )) s after start) -----------------------------------------" \
    "  Console  http://127.0.0.1:$HTTP_PORT/admin/  user ${DATAFLOW_ADMIN_USER:-admin}, $password" \
    "  MQTT     $mqtt" \
    "  Data     $DATAFLOW_DATA_DIR (warehouse/: H2 database, archive/: gzip JSONL, dead-letters/)" \
    "  Try it   $try   (10 sample messages over MQTT; then open the console)" \
    "  Demo     'Start demo traffic' on the console dashboard, or DATAFLOW_DEMO_ENABLED=true ./bin/run" \
    "  Health   http://127.0.0.1:$HTTP_PORT/health/ready    Stop: Ctrl-C (flushes pending batches)" \
    "---------------------------------------------------------------------------------------------" \
    ""
}

# broker_url: the broker bin/run's server uses, and bin/publish publishes to: DATAFLOW_MQTT_URL,
# else the embedded (or already running) broker on 127.0.0.1:DATAFLOW_MQTT_EMBEDDED_PORT.
broker_url() {
  echo "${DATAFLOW_MQTT_URL:-tcp://127.0.0.1:${DATAFLOW_MQTT_EMBEDDED_PORT:-1883}}"
}

# readme_block HEADING: the lines of the first code block under "## HEADING" in the README, where
# the Run and Test commands are (CI and the smoke check read them from there).
readme_block() {
  awk -v h="## $1" '
    $0 == h { inside = 1; next }
    inside && /^## / { exit }
    inside && /^```/ { if (open) exit; open = 1; next }
    inside && open { print }
  ' "$ROOT/README.md"
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    port_busy "$p" || { echo "$p"; return; }
  done
  fail "no free port found"
}
