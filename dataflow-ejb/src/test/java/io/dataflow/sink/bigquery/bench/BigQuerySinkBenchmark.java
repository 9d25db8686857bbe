package io.dataflow.sink.bigquery.bench;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.TableId;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.metrics.StageMetrics;
import io.dataflow.pipeline.Settlement;
import io.dataflow.sink.batch.BatchLimits;
import io.dataflow.sink.batch.BatcherBounds;
import io.dataflow.sink.batch.KeyedBatcher;
import io.dataflow.sink.batch.ListBuffer;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.FakeBigQueryServer;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowBatchWriter;
import io.dataflow.sink.bigquery.RowStreamer;
import io.dataflow.sink.bigquery.WriteInvoker;
import io.dataflow.sink.bigquery.WriterHealth;
import io.dataflow.sink.bigquery.adapter.BigQueryRowWriter;
import io.dataflow.testing.RecordingDeadLetterSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Rows/s through the BigQuery sink (transform, batch, insertAll, settle) into the fake BigQuery
 * endpoint, against a bare loop of insertAll calls with pre-built rows and the same batch size
 * against the same endpoint. Run by hand (not a unit test):
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     io.dataflow.sink.bigquery.bench.BigQuerySinkBenchmark [rows] [rounds]
 * </pre>
 */
public final class BigQuerySinkBenchmark {
  private static final String PROJECT = "bench";
  private static final int BATCH = 500;
  private static final TableId TABLE = TableId.of(PROJECT, "dataflow", "telemetry");

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (FakeBigQueryServer fake = new FakeBigQueryServer()) {
      fake.stopRecording();
      fake.addDataset(PROJECT, "dataflow");
      fake.addTable(PROJECT, "dataflow", "telemetry");
      BigQuery client =
          GoogleClients.bigQuery(
              GoogleClientOptions.of(
                  Optional.of(PROJECT), Optional.of(fake.host()), Duration.ofSeconds(30)));
      // Warm-up of both paths.
      bare(client, envelopes(rows / 5, "w"));
      sink(client, envelopes(rows / 5, "x"), 1);
      sink(client, envelopes(rows / 5, "y"), 4);
      double[] bare = new double[rounds];
      double[] sink1 = new double[rounds];
      double[] sink4 = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        bare[r] = bare(client, envelopes(rows, "b" + r));
        sink1[r] = sink(client, envelopes(rows, "s" + r), 1);
        sink4[r] = sink(client, envelopes(rows, "p" + r), 4);
        System.out.printf(
            "round %d: bare %.0f rows/s, sink(1 write) %.0f rows/s, sink(4 writes) %.0f rows/s%n",
            r + 1, bare[r], sink1[r], sink4[r]);
      }
      double b = median(bare);
      System.out.printf(
          "median of %d rounds, %d rows, batch %d: bare %.0f rows/s; sink with 1 concurrent write"
              + " %.0f rows/s (%.2fx); sink with 4 concurrent writes %.0f rows/s (%.2fx)%n",
          rounds,
          rows,
          BATCH,
          b,
          median(sink1),
          median(sink1) / b,
          median(sink4),
          median(sink4) / b);
      System.out.println("rows stored by the fake: " + fake.storedRows());
    }
  }

  /** The baseline: insertAll of pre-built rows, BATCH at a time, one call after another. */
  static double bare(BigQuery client, List<Envelope> envelopes) throws Exception {
    DefaultRowTransformer t = new DefaultRowTransformer();
    List<Map<String, Object>> contents = new ArrayList<>();
    for (Envelope e : envelopes) {
      Map<String, Object> c = new HashMap<>();
      t.toRow(e)
          .values()
          .forEach(
              (k, v) -> {
                if (v != null) {
                  c.put(k, v instanceof Instant i ? i.toString() : v);
                }
              });
      contents.add(c);
    }
    long start = System.nanoTime();
    for (int i = 0; i < envelopes.size(); i += BATCH) {
      InsertAllRequest.Builder req = InsertAllRequest.newBuilder(TABLE).setSkipInvalidRows(true);
      for (int j = i; j < Math.min(i + BATCH, envelopes.size()); j++) {
        req.addRow(envelopes.get(j).id(), contents.get(j));
      }
      if (client.insertAll(req.build()).hasErrors()) {
        throw new IllegalStateException("row errors");
      }
    }
    return envelopes.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Through the sink: accept every message, then wait until every batch is written and acked. */
  static double sink(BigQuery client, List<Envelope> envelopes, int writes) throws Exception {
    Clock clock = Clock.systemUTC();
    DefaultRowTransformer transformer = new DefaultRowTransformer();
    BigQueryRowWriter writer = new BigQueryRowWriter(client, client, TABLE, "US", false);
    RowBatchWriter rows =
        new RowBatchWriter(
            writer,
            transformer.schema(),
            WriteInvoker.ONCE,
            new WriterHealth(clock),
            new io.dataflow.sink.batch.RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
            io.dataflow.sink.batch.RetryBackoff.Pause.SLEEP,
            clock);
    rows.prepare();
    StageMetrics stage = new StageMetrics("bigquery");
    Settlement settlement = new Settlement("bigquery", new RecordingDeadLetterSink(), stage, clock);
    ExecutorService pool = Executors.newCachedThreadPool(ManagedThreads.plain("bench"));
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    KeyedBatcher<String, Row, ListBuffer<Row>> batcher =
        KeyedBatcher.builder(rows)
            .limits(new BatchLimits(BATCH, 9_000_000, Duration.ofSeconds(5), Duration.ZERO))
            .bounds(new BatcherBounds(5_000, 64_000_000, 1, writes))
            .settlement(settlement)
            .executor(pool)
            .clock(clock)
            .build();
    batcher.scheduleSealing(
        ticker,
        Duration.ofMillis(200),
        io.dataflow.concurrent.Heartbeats.unobserved().register("bigquery-sealer"));
    RowStreamer sink =
        new RowStreamer(transformer, batcher, settlement, stage, 9_000_000, "telemetry");
    List<TrackedMessage> messages = envelopes.stream().map(TrackedMessage::new).toList();
    long start = System.nanoTime();
    for (TrackedMessage m : messages) {
      sink.accept(m);
    }
    batcher.flushAll();
    batcher.awaitDrained(Duration.ofMinutes(5));
    double rate = messages.size() / ((System.nanoTime() - start) / 1e9);
    ticker.shutdownNow();
    pool.shutdown();
    long acked = messages.stream().filter(m -> m.acks() == 1).count();
    if (acked != messages.size()) {
      throw new IllegalStateException("only " + acked + " of " + messages.size() + " acked");
    }
    return rate;
  }

  static List<Envelope> envelopes(int n, String prefix) {
    Instant t = Instant.parse("2026-11-25T12:00:00Z");
    List<Envelope> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String device = "dev-" + (i % 1000);
      list.add(
          Envelope.create(
                  device,
                  t.plusMillis(i),
                  t.plusMillis(i + 5),
                  new Source("devices/" + device + "/telemetry", "default"),
                  Payload.json(
                      "{\"temp\":"
                          + (20 + i % 10)
                          + ".5,\"humidity\":0.41,\"battery\":87,"
                          + "\"firmware\":\"1.4.2\",\"seq\":"
                          + i
                          + "}"))
              .withId(prefix + "-" + i)
              .withEnrichment(
                  Map.of("location", "berlin", "name", "pump " + (i % 1000), "serviceTag", "st-7"))
              .withAttribute("qos", "1"));
    }
    return list;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
