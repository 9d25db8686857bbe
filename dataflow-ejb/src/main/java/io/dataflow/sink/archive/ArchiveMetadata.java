package io.dataflow.sink.archive;

/** Names of the custom metadata on every archive object. */
public final class ArchiveMetadata {
  /** Envelopes (lines) in the object. */
  public static final String RECORD_COUNT = "record-count";

  /** Earliest event time in the object, ISO-8601. */
  public static final String MIN_EVENT_TIME = "min-event-time";

  /** Latest event time in the object, ISO-8601. */
  public static final String MAX_EVENT_TIME = "max-event-time";

  /** SHA-256 (hex) of the stored gzip bytes, to check a download taken without transcoding. */
  public static final String SHA256 = "sha256";

  /** Id of the object's first envelope (line 1). */
  public static final String FIRST_MESSAGE_ID = "first-message-id";

  /** Id of the object's last envelope. */
  public static final String LAST_MESSAGE_ID = "last-message-id";

  /** The group key (folder) of the object. */
  public static final String GROUP_KEY = "group-key";

  /** Bytes of the JSONL before compression. */
  public static final String UNCOMPRESSED_BYTES = "uncompressed-bytes";

  private ArchiveMetadata() {}
}
