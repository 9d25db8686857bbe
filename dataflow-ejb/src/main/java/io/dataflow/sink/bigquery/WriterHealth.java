package io.dataflow.sink.bigquery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Tracks since when the row writer has been failing (unbroken by a success). */
public final class WriterHealth {
  private final Clock clock;
  private volatile Instant failingSince;
  private volatile String lastError = "";

  public WriterHealth(Clock clock) {
    this.clock = clock;
  }

  public void succeeded() {
    failingSince = null;
  }

  public synchronized void failed(Throwable error) {
    if (failingSince == null) {
      failingSince = clock.instant();
    }
    lastError = String.valueOf(error);
  }

  /** How long the writer has been failing; empty while it works. */
  public Optional<Duration> failingFor() {
    Instant since = failingSince;
    return since == null ? Optional.empty() : Optional.of(Duration.between(since, clock.instant()));
  }

  /** False once the writer has been failing for longer than {@code limit}. */
  public boolean healthy(Duration limit) {
    return failingFor().map(d -> d.compareTo(limit) <= 0).orElse(true);
  }

  public String lastError() {
    return lastError;
  }
}
