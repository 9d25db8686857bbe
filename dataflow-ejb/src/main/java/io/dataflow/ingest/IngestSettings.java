package io.dataflow.ingest;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;
import java.time.Duration;
import java.util.List;

/** Settings of the ingestion stage. */
public final class IngestSettings implements SettingsHolder {
  public static final Setting<String> EVENT_TIME_FIELD =
      Setting.string(
          "dataflow.ingest.event-time-field",
          "ts",
          "JSON field (dotted path for nested fields) holding the event time: ISO-8601 text or epoch"
              + " milliseconds (numbers below 10^11 are read as epoch seconds). Missing: the receive time is used.");

  public static final Setting<Integer> MAX_PAYLOAD_BYTES =
      Setting.integer(
          "dataflow.ingest.max-payload-bytes",
          262_144,
          1,
          7 * 1024 * 1024,
          "Largest payload accepted; a larger one goes to the dead letter with reason oversize. At"
              + " most 7 MiB, so that an envelope (a binary payload base64-encoded) fits a Pub/Sub"
              + " message (10 MB) and a journal record (64 MiB).");

  public static final Setting<Integer> MAX_DEVICE_ID_BYTES =
      Setting.integer(
          "dataflow.ingest.max-device-id-bytes",
          256,
          1,
          1024,
          "Longest device id accepted, in UTF-8 bytes; a longer one goes to the dead letter with"
              + " reason invalid-device-id. At most 1024, which Pub/Sub attributes and ordering"
              + " keys, Firestore document ids and object names all take.");

  public static final Setting<Duration> EVENT_TIME_MAX_AGE =
      Setting.duration(
          "dataflow.ingest.event-time.max-age",
          "36500d",
          Duration.ofSeconds(1),
          Duration.ofDays(100 * 366),
          "How far before the receive time an event time may lie; an older one is out of range.");

  public static final Setting<Duration> EVENT_TIME_MAX_AHEAD =
      Setting.duration(
          "dataflow.ingest.event-time.max-ahead",
          "1d",
          Duration.ZERO,
          Duration.ofDays(366),
          "How far after the receive time an event time may lie (device clock skew); a later one"
              + " is out of range.");

  public static final Setting<String> EVENT_TIME_OUT_OF_RANGE =
      Setting.oneOf(
          "dataflow.ingest.event-time.out-of-range",
          "receive-time",
          List.of("receive-time", "dead-letter"),
          "What happens to a message whose event time is out of range: receive-time keeps it with"
              + " the receive time as its event time and the original value in the attribute"
              + " dataflow.event-time.original; dead-letter sends it to the dead letter with reason"
              + " event-time-out-of-range.");

  public static final Setting<String> ID_STRATEGY =
      Setting.oneOf(
          "dataflow.ingest.id-strategy",
          "uuid",
          List.of("uuid", "content"),
          "How an envelope gets its id: uuid (random per delivery; a broker's redelivery after a"
              + " crash may be stored twice) or content (from the route, topic, payload bytes and"
              + " payload event time, so a redelivery is stored once; identical payloads on the"
              + " same topic collapse into one).");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public IngestSettings() {}
}
