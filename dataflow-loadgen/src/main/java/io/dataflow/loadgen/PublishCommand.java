package io.dataflow.loadgen;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The options and the run shared by {@code loadgen} and {@code fuzz}: connect, publish from a
 * source within the limits, write the summary (also on SIGTERM / Ctrl-C). Exit code 0 when every
 * message was acknowledged by the broker, 1 otherwise.
 */
abstract class PublishCommand {
  protected final String broker;
  protected final String topicTemplate;
  protected final int qos;
  protected final String run;
  protected final long seed;
  private final PublishLoop.Limits limits;
  private final int inFlight;
  private final Path summaryFile;
  private final Duration connectTimeout;

  PublishCommand(Options o, long defaultCount, double defaultRate) {
    broker = o.string("broker", "tcp://127.0.0.1:1883");
    topicTemplate = o.string("topic", "devices/{deviceId}/telemetry");
    qos = o.integer("qos", 1);
    run = o.string("run", UUID.randomUUID().toString().replace("-", "").substring(0, 8));
    seed = o.longValue("seed", System.nanoTime());
    limits =
        new PublishLoop.Limits(
            o.longValue("count", defaultCount),
            o.duration("duration", Duration.ofMinutes(10)),
            o.decimal("rate", defaultRate),
            o.duration("drain-timeout", Duration.ofSeconds(30)));
    inFlight = o.integer("inflight", 1000);
    summaryFile = Path.of(o.string("summary", "loadgen-" + run + ".json"));
    connectTimeout = o.duration("connect-timeout", Duration.ofSeconds(30));
    if (qos < 0 || qos > 2) {
      throw new Options.UsageException("--qos must be 0, 1 or 2");
    }
    if (!run.matches("[A-Za-z0-9]+")) {
      throw new Options.UsageException("--run must be letters and digits only, got " + run);
    }
    if (!topicTemplate.contains("{deviceId}")) {
      throw new Options.UsageException("--topic must contain {deviceId}");
    }
  }

  /** The kind recorded in the summary. */
  abstract String kind();

  /** The source of messages for this run. */
  abstract MessageSource source(Random random);

  /** Copies the command's own settings into the summary. */
  abstract RunSummary summarize(PublishLoop.Result r);

  int execute(PrintStream out, PrintStream err) throws Exception {
    MessageSource source = source(new Random(seed));
    PublishLoop loop = new PublishLoop(err);
    CountDownLatch summarized = new CountDownLatch(1);
    // On SIGTERM / Ctrl-C: stop sending, and keep the JVM up until the summary is written.
    Thread hook =
        new Thread(
            () -> {
              loop.stop();
              try {
                summarized.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "loadgen-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    PublishLoop.Result result;
    try (MqttPublisher publisher = new MqttPublisher(broker, "loadgen-" + run, inFlight)) {
      err.printf("[loadgen] run=%s kind=%s broker=%s seed=%d%n", run, kind(), broker, seed);
      publisher.connect(connectTimeout);
      result = loop.run(publisher, source, qos, limits);
      RunSummary summary = summarize(result);
      summary.write(summaryFile);
      out.println(summary.headline());
      err.println("[loadgen] summary written to " + summaryFile.toAbsolutePath());
    } finally {
      summarized.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is already running; it finds the loop finished.
    }
    return result.acked() == result.sent() ? 0 : 1;
  }

  /** The common part of a summary. */
  protected RunSummary summary(
      PublishLoop.Result r, int devices, int locations, double zipf, int payloadBytes) {
    return new RunSummary(
        kind(),
        run,
        broker,
        topicTemplate,
        qos,
        devices,
        locations,
        zipf,
        payloadBytes,
        limits.rate(),
        r.startedAt().toString(),
        r.finishedAt().toString(),
        r.startedAt().toEpochMilli(),
        r.elapsedSeconds(),
        r.sent(),
        r.acked(),
        r.failed(),
        r.unrouted(),
        r.sent() / Math.max(1e-9, r.elapsedSeconds()),
        r.acked() / Math.max(1e-9, r.elapsedSeconds()),
        r.perDevice(),
        r.unacked());
  }
}
