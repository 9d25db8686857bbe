#!/usr/bin/env bash
# Full disks: while load flows, fill the file system of the journal (bus), then of the warehouse
# (H2), then of the archive directory, for PAUSE seconds each, then free it. Each directory of the
# data directory is its own small tmpfs, so filling one leaves the others alone. Targets: 0 missing,
# 0 dead letters (a full disk is transient: it must push back, not dead-letter), the server alive,
# readiness reporting the fault, intake resuming by itself once space returns.
#
#   bench/reliability/diskfull.sh [--pause 60] [--rate 500] [--size-mb 256] [--short]
#
# --short: 10-second fills. Needs root (it mounts tmpfs) and says so otherwise. A timeline (health
# code and stage counters each second) is written to timeline.txt; recovery = seconds from freeing
# the space until the counter that depends on that directory moves again.
# Exit code: the verifier's with --fail-on-dead-letters.
source "$(dirname "$0")/../lib.sh"

PAUSE=60 RATE=500 SIZE_MB=256 SINKS=warehouse,archive
while [ $# -gt 0 ]; do
  case "$1" in
    --pause) PAUSE="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --size-mb) SIZE_MB="$2"; shift 2 ;;
    --short) PAUSE=10; shift ;;
    *) die "unknown argument $1 (see the header of $0)" ;;
  esac
done
[ "$(id -u)" -eq 0 ] || die "diskfull.sh mounts a tmpfs per data directory: run it as root"
LOAD_SECONDS=$(( 3 * PAUSE + 60 ))
COUNT=$(( LOAD_SECONDS * RATE ))
BOUND=$(( LOAD_SECONDS + 600 ))
DIRS=(bus warehouse archive)

bench_init diskfull
log "pause=${PAUSE}s rate=$RATE count=$COUNT size=${SIZE_MB}MB per directory"
need_tools
loadgen_jar
start_broker
write_devices 1000 20
prepare_server
MOUNTED=()
unmount_all() {
  local d
  for d in "${MOUNTED[@]}"; do umount "$d" 2>/dev/null || umount -l "$d" 2>/dev/null || true; done
}
for d in "${DIRS[@]}"; do
  mkdir -p "$DATA_DIR/$d"
  mount -t tmpfs -o "size=${SIZE_MB}m" tmpfs "$DATA_DIR/$d" || die "cannot mount a tmpfs on $DATA_DIR/$d"
  MOUNTED+=("$DATA_DIR/$d")
done
trap 'rc=$?; cleanup_and_unmount $rc' EXIT
cleanup_and_unmount() {
  local i
  for ((i = ${#TRACKED[@]} - 1; i >= 0; i--)); do stop_pid "${TRACKED[$i]}" 30; done
  unmount_all
  [ "$1" -eq 0 ] || log "exit code $1; logs in ${OUT:-?}"
  exit "$1"
}
export SERVER_ENV="DATAFLOW_DEVICES_FILE=$DEVICES_FILE"
start_server 240
sample_timeline "$OUT/timeline.txt"
load_in_background diskfull loadgen --count="$COUNT" --rate="$RATE" --devices=1000 --locations=20 \
  --payload-bytes=200 --duration="${BOUND}s" --seed=9 --run="df$(date +%s)"

# fill DIR STAGE OUTCOME: fills DIR's file system for PAUSE seconds, then frees it.
fill() {
  sleep 10
  local dir="$DATA_DIR/$1"
  log "filling $dir; health before: $(health_code)"
  dd if=/dev/zero of="$dir/.filler" bs=1M status=none 2>/dev/null || true
  log "$1 full ($(df -h --output=avail "$dir" | tail -1 | tr -d ' ') left)"
  local half=$(( PAUSE / 2 ))
  sleep "$half"
  local body; body=$(curl -s --max-time 2 "http://127.0.0.1:$HTTP_PORT/health/ready" | tr -d '\n' | cut -c1-400)
  log "$1 full ${half}s: health $(health_code) $body"
  echo "$1 full: $body" >>"$OUT/health-during.txt"
  sleep $(( PAUSE - half ))
  rm -f "$dir/.filler"
  log "$1 freed"
  local line; line=$(recovery "$1" "$2" "$3")
  log "$line"
  echo "$line" >>"$OUT/recovery.txt"
}
fill bus ingestion published
fill warehouse bigquery acked
fill archive archive acked
wait_load "$BOUND"

ALIVE=yes; alive "$SERVER_PID" || ALIVE=no
rc=$(verify_run drained "$SINKS" 240 --fail-on-dead-letters)
log "server alive after the fills: $ALIVE; graceful stop took $(stop_server_gracefully 120)s"
rc=$(verify_run final "$SINKS" 0 --fail-on-dead-letters)
jq -c '{verdict, deadLetters: .deadLetters.byReason, sinks: [.sinks[] | {sink, missing, duplicated, deadLettered}]}' "$OUT/final-verify.json" >&2
log "recovery: $(tr '\n' ';' <"$OUT/recovery.txt")"
[ "$ALIVE" = yes ] || rc=1
log "verifier exit $rc; timeline in $OUT/timeline.txt"
finish "$rc"
