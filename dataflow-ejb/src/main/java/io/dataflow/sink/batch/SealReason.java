package io.dataflow.sink.batch;

import java.util.Locale;

/** Why a group was sealed. */
public enum SealReason {
  /** The record-count limit. */
  COUNT,
  /** The byte limit. */
  BYTES,
  /** The age limit, counted from the group's first record. */
  AGE,
  /** The idle limit, counted from the group's last record. */
  IDLE,
  /** The open-group bound was reached and this was the oldest group. */
  GROUPS,
  /** The pending bound was reached with nothing being written, and this was the oldest group. */
  PENDING,
  /** An operator flushed it. */
  FLUSH,
  /** The batcher is shutting down. */
  SHUTDOWN;

  /** The lower-case name used in metrics tags and the admin console. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
