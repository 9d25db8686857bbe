package io.dataflow.bus.local;

import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.metrics.PipelineMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes/s of the local bus with and without the journal (not a test: run its main on the test
 * classpath; it prints figures). Each run publishes ~600-byte envelopes to one topic with one
 * subscription that a consumer thread drains and acks. Modes: {@code blocking} (T threads calling
 * publish, each waiting for its fsync) and {@code pipelined} (one thread calling publishAsync, as
 * the channel sink does, with at most 64 outstanding).
 */
public final class LocalBusJournalBenchmark {
  private LocalBusJournalBenchmark() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("journal-bench");
    System.out.printf("messages per run: %d, journal dir: %s%n", messages, dir);
    for (String interval : List.of("0ms", "2ms")) {
      for (int threads : new int[] {1, 8, 32}) {
        run("blocking", threads, messages, dir, interval);
      }
      run("pipelined", 1, messages, dir, interval);
    }
  }

  private static void run(String mode, int threads, int messages, Path root, String interval)
      throws Exception {
    double off = measure(new LocalBus(), mode, threads, messages);
    Path dir = Files.createTempDirectory(root, "run");
    LocalBus journaled =
        new LocalBus(
            new JournalOptions(dir, parseDuration(interval), 256, 64L << 20),
            PipelineMetrics.unregistered(),
            Clock.systemUTC());
    double on = measure(journaled, mode, threads, messages);
    journaled.close();
    System.out.printf(
        "%-9s threads=%2d flush-interval=%-4s  no journal: %,10.0f/s   journal: %,9.0f/s%n",
        mode, threads, interval, off, on);
  }

  private static Duration parseDuration(String s) {
    return JournalSettings.FLUSH_INTERVAL.parse(s);
  }

  private static double measure(LocalBus bus, String mode, int threads, int messages)
      throws Exception {
    LocalSubscription s = bus.subscribe("raw", "enrich", 10_000, 10_000, 3, Duration.ZERO, "dl");
    AtomicBoolean stop = new AtomicBoolean();
    Thread consumer =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  Delivery d = s.poll(50, TimeUnit.MILLISECONDS);
                  if (d != null) {
                    s.ack(d);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    consumer.start();
    Envelope e = envelope();
    long start = System.nanoTime();
    if (mode.equals("pipelined")) {
      ArrayList<CompletableFuture<Void>> window = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        window.add(bus.topic("raw").publishAsync(e));
        if (window.size() == 64) {
          window.remove(0).join();
        }
      }
      window.forEach(CompletableFuture::join);
    } else {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < messages / threads; i++) {
                      bus.topic("raw").publish(e);
                    }
                  } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                  }
                });
        w.start();
        workers.add(w);
      }
      for (Thread w : workers) {
        w.join();
      }
    }
    double perSecond = (messages / threads * threads) / ((System.nanoTime() - start) / 1e9);
    stop.set(true);
    consumer.join();
    return perSecond;
  }

  private static Envelope envelope() {
    Instant t = Instant.parse("2026-11-25T00:00:00Z");
    return Envelope.create(
            "device-0001",
            t,
            t,
            new Source("devices/device-0001/telemetry", "telemetry"),
            Payload.json("{\"v\":\"" + "x".repeat(200) + "\"}"))
        .withId("m1");
  }
}
