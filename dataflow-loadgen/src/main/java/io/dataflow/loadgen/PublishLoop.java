package io.dataflow.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives a {@link MessageSource} into a {@link MqttPublisher}: at most {@code count} messages, for
 * at most {@code duration}, at {@code rate} messages per second (0: as fast as the in-flight window
 * allows). Message {@code i} is due at {@code start + i/rate}; a loop that falls behind sends at
 * once, so the rate is an average, not a burst limit. Prints a progress line every second and stops
 * early, cleanly, when {@link #stop()} is called (e.g. on SIGTERM).
 */
public final class PublishLoop {
  /** How the loop is bounded. */
  public record Limits(long count, Duration duration, double rate, Duration drainTimeout) {}

  /** What happened. */
  public record Result(
      Instant startedAt,
      Instant finishedAt,
      double elapsedSeconds,
      long sent,
      long acked,
      long failed,
      Map<String, Long> perDevice,
      Map<String, List<Long>> unacked,
      long unrouted) {}

  private final AtomicBoolean stopped = new AtomicBoolean();
  private final PrintStream progress;

  public PublishLoop(PrintStream progress) {
    this.progress = progress;
  }

  /** Asks the loop to stop sending; it then drains the in-flight window and returns. */
  public void stop() {
    stopped.set(true);
  }

  public Result run(MqttPublisher publisher, MessageSource source, int qos, Limits limits)
      throws InterruptedException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    long end = start + limits.duration().toNanos();
    double nanosPerMessage = limits.rate() > 0 ? 1e9 / limits.rate() : 0;
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon());
    ProgressLine line = new ProgressLine(publisher, start);
    ticker.scheduleAtFixedRate(() -> progress.println(line.next()), 1, 1, TimeUnit.SECONDS);
    try {
      for (long i = 0; i < limits.count() && !stopped.get(); i++) {
        long due = start + (long) (i * nanosPerMessage);
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        if (due > now) {
          TimeUnit.NANOSECONDS.sleep(Math.min(due, end) - now);
        }
        MessageSource.Outgoing out = source.next();
        if (!publisher.publish(out.topic(), out.payload(), qos, out.key(), end)) {
          break;
        }
      }
      publisher.drain(limits.drainTimeout());
      progress.println(line.next());
    } finally {
      ticker.shutdownNow();
    }
    Instant finishedAt = Instant.now();
    Map<String, Long> perDevice = source.perDevice();
    List<MessageKey> unacked =
        publisher.unacknowledged().stream().filter(k -> perDevice.containsKey(k.device())).toList();
    Result result =
        new Result(
            startedAt,
            finishedAt,
            (System.nanoTime() - start) / 1e9,
            publisher.sent(),
            publisher.acked(),
            publisher.sent() - publisher.acked(),
            perDevice,
            MessageSource.byDevice(unacked),
            source.unrouted());
    return result;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "loadgen-progress");
      t.setDaemon(true);
      return t;
    };
  }

  /** "[loadgen] 5.0s sent=50000 acked=49800 inflight=200 rate=10000/s now=10120/s" */
  private static final class ProgressLine {
    private final MqttPublisher publisher;
    private final long start;
    private long lastNanos;
    private long lastAcked;

    ProgressLine(MqttPublisher publisher, long start) {
      this.publisher = publisher;
      this.start = start;
      this.lastNanos = start;
    }

    synchronized String next() {
      long now = System.nanoTime();
      long acked = publisher.acked();
      double elapsed = (now - start) / 1e9;
      double recent = (acked - lastAcked) / Math.max(1e-9, (now - lastNanos) / 1e9);
      lastNanos = now;
      lastAcked = acked;
      return String.format(
          java.util.Locale.ROOT,
          "[loadgen] %.1fs sent=%d acked=%d inflight=%d rate=%.0f/s now=%.0f/s",
          elapsed,
          publisher.sent(),
          acked,
          publisher.inFlight(),
          acked / Math.max(1e-9, elapsed),
          recent);
    }
  }
}
