package io.dataflow.it.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.cloud.storage.StorageException;
import io.dataflow.enrich.EnrichSettings;
import io.dataflow.enrich.adapter.FirestoreDeviceRegistry;
import io.dataflow.enrich.adapter.FirestoreDeviceRegistryBean;
import io.dataflow.enrich.adapter.RedisDeviceCache;
import io.dataflow.enrich.adapter.RedisDeviceCacheBean;
import io.dataflow.enrich.lookup.DeviceCache;
import io.dataflow.enrich.lookup.DeviceLookupException;
import io.dataflow.enrich.lookup.DeviceRecord;
import io.dataflow.enrich.lookup.DeviceRegistry;
import io.dataflow.sink.archive.ArchiveGroupKey;
import io.dataflow.sink.archive.ArchiveMetadata;
import io.dataflow.sink.archive.ArchiveObject;
import io.dataflow.sink.archive.ArchiveSettings;
import io.dataflow.sink.archive.BlobStore;
import io.dataflow.sink.archive.BlobStoreException;
import io.dataflow.sink.archive.FaultTolerantUploads;
import io.dataflow.sink.archive.TransientBlobStoreException;
import io.dataflow.sink.archive.UploadInvoker;
import io.dataflow.sink.archive.UploadRetryPolicy;
import io.dataflow.sink.archive.adapter.GcsBlobStore;
import io.dataflow.sink.archive.adapter.LocalDirectoryBlobStore;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.FaultTolerantRowWriter;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowSchema;
import io.dataflow.sink.bigquery.RowWriter;
import io.dataflow.sink.bigquery.TransientWriteException;
import io.dataflow.sink.bigquery.WriteInvoker;
import io.dataflow.testing.FakeGcsServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MicroProfile Fault Tolerance annotations of the pipeline with Liberty's real interceptors
 * (mpFaultTolerance-4.0), on the production beans as the container builds them:
 *
 * <ul>
 *   <li>{@code @Retry} of {@link FaultTolerantRowWriter} (5 retries of {@link
 *       TransientWriteException} only), around a row writer of this test that fails on cue;
 *   <li>{@code @Retry} of {@link FaultTolerantUploads#putIfAbsent} (4 retries of {@link
 *       TransientBlobStoreException} only), around the GCS adapter on the real client against the
 *       wire-level GCS fake, which answers the uploads it is told to with an error status;
 *   <li>{@code @CircuitBreaker} of {@link RedisDeviceCacheBean#getAll} (opens after 4 calls of
 *       which half failed, stays open 5 s), on a port where Redis is down, then up;
 *   <li>{@code @Timeout(5 s)} and {@code @Retry} (2) of {@link
 *       FirestoreDeviceRegistryBean#findAll}, on the real Firestore client pointed at a port that
 *       never answers, then at one that refuses.
 * </ul>
 *
 * Attempts are counted where the attempt lands (the test's writer, the fake's requests) and, for
 * Firestore, with the Fault Tolerance metrics ({@code ft.*} in the base registry) and the clock.
 * The ports and the data directory are chosen when the archive is built and passed in its
 * microprofile-config.properties.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceArquillianIT {
  private static final String BUCKET = "ft-it";
  private static final String FINDALL = FirestoreDeviceRegistryBean.class.getName() + ".findAll";
  private static final String GETALL = RedisDeviceCacheBean.class.getName() + ".getAll";

  @Inject FaultTolerantRowWriter rowWriter;
  @Inject FaultTolerantUploads retryingUploads;
  private BlobStore gcsStore;
  @Inject RedisDeviceCacheBean redis;
  @Inject FirestoreDeviceRegistryBean firestore;
  @Inject ExternalParts parts;
  @Inject Config config;

  @Inject
  @RegistryScope(scope = MetricRegistry.BASE_SCOPE)
  MetricRegistry baseMetrics;

  @Deployment
  static WebArchive deployment() throws IOException {
    Path data = Files.createTempDirectory("dataflow-ft-it-");
    int gcsPort = freePort();
    int redisPort = freePort();
    int firestorePort = freePort();
    String properties =
        String.join(
            "\n",
            "dataflow.data-dir=" + data,
            "dataflow.archive.store=gcs",
            "dataflow.archive.gcs.bucket=" + BUCKET,
            "dataflow.archive.gcs.host=http://127.0.0.1:" + gcsPort,
            "dataflow.archive.gcs.project-id=ft-it",
            "dataflow.enrich.redis.url=redis://127.0.0.1:" + redisPort,
            "dataflow.enrich.registry=firestore",
            "dataflow.enrich.firestore.project-id=ft-it",
            "dataflow.enrich.firestore.emulator-host=127.0.0.1:" + firestorePort,
            // Longer than the 5 s @Timeout, so that the timeout of the interceptor is what fires.
            "dataflow.enrich.firestore.timeout=60s",
            "it.gcs.port=" + gcsPort,
            "it.redis.port=" + redisPort,
            "it.firestore.port=" + firestorePort,
            "");
    return ShrinkWrap.create(WebArchive.class, "fault-tolerance-it.war")
        // configuration: settings, the data directory
        .addPackage(io.dataflow.config.Setting.class.getPackage())
        // the Google clients and the transient-failure classifier; the managed threads
        .addPackage(io.dataflow.gcp.GoogleClients.class.getPackage())
        .addPackage(io.dataflow.concurrent.ManagedThreads.class.getPackage())
        // sink.bigquery: the retrying invoker and the port it calls
        .addClasses(
            FaultTolerantRowWriter.class,
            WriteInvoker.class,
            RowWriter.class,
            Row.class,
            RowSchema.class,
            TransientWriteException.class,
            WriteResult.class)
        .addClass("io.dataflow.sink.bigquery.RowSize")
        // sink.archive: the retrying store, its adapters and failure classes
        .addClasses(
            FaultTolerantUploads.class,
            UploadInvoker.class,
            BlobStore.class,
            io.dataflow.sink.archive.ArchiveConfig.class,
            io.dataflow.sink.archive.ArchiveKeyTemplate.class,
            io.dataflow.sink.batch.RetryBackoff.class,
            io.dataflow.sink.batch.BatchLimits.class,
            io.dataflow.sink.batch.BatcherBounds.class,
            GcsBlobStore.class,
            LocalDirectoryBlobStore.class,
            UploadRetryPolicy.class,
            BlobStoreException.class,
            io.dataflow.sink.archive.UnstorableObjectException.class,
            TransientBlobStoreException.class,
            ArchiveObject.class,
            ArchiveGroupKey.class,
            ArchiveMetadata.class,
            ArchiveSettings.class)
        // the envelope: the key template the archive's settings parse is over envelopes
        .addPackage(io.dataflow.envelope.Envelope.class.getPackage())
        // enrich: the L2 and L3 beans, their adapters and ports
        .addClasses(
            EnrichSettings.class,
            io.dataflow.enrich.EnrichConfig.class,
            io.dataflow.enrich.UnknownDevicePolicy.class,
            RedisDeviceCacheBean.class,
            RedisDeviceCache.class,
            FirestoreDeviceRegistryBean.class,
            FirestoreDeviceRegistry.class,
            DeviceCache.class,
            DeviceRegistry.class,
            DeviceRecord.class,
            DeviceLookupException.class)
        // test: the external parts and the GCS fake
        .addClasses(ExternalParts.class, FakeGcsServer.class, ScriptedRowWriter.class)
        .addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties")
        .addAsLibraries(ApplicationLibraries.except(ApplicationLibraries.MQTT_BROKER_AND_CLIENT))
        .addAsLibraries(ApplicationLibraries.jarOf(Assertions.class))
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
  }

  // ---- @Retry on the BigQuery row writer

  @Test
  void theRowWriterIsRetriedOnTransientFailuresUntilTheWriteSucceeds() throws Exception {
    ScriptedRowWriter writer = new ScriptedRowWriter(2, TransientWriteException.class);

    WriteResult result = rowWriter.write(writer, List.of(row("r1"), row("r2")));

    assertThat(result).isEqualTo(WriteResult.success());
    assertThat(writer.calls())
        .as("1 failing attempt, 1 more failing retry, 1 successful retry")
        .isEqualTo(3);
    assertThat(writer.lastRows()).extracting(Row::insertId).containsExactly("r1", "r2");
  }

  @Test
  void theRowWriterGivesUpAfterFiveRetries() {
    ScriptedRowWriter writer =
        new ScriptedRowWriter(Integer.MAX_VALUE, TransientWriteException.class);

    assertThatThrownBy(() -> rowWriter.write(writer, List.of(row("r3"))))
        .isInstanceOf(TransientWriteException.class);

    assertThat(writer.calls()).as("the call and its 5 retries").isEqualTo(6);
  }

  @Test
  void theRowWriterDoesNotRetryAFailureThatIsNotTransient() {
    ScriptedRowWriter writer =
        new ScriptedRowWriter(Integer.MAX_VALUE, IllegalStateException.class);

    assertThatThrownBy(() -> rowWriter.write(writer, List.of(row("r4"))))
        .isInstanceOf(IllegalStateException.class);

    assertThat(writer.calls()).isEqualTo(1);
  }

  // ---- @Retry on the archive's blob store (GCS adapter, real client, wire-level fake)

  @Test
  void theBlobStoreRetriesTransientUploadFailuresAndStoresTheObjectOnce() throws Exception {
    FakeGcsServer gcs = gcs();
    gcs.failNextUploads(503, 2);
    int before = uploads(gcs);

    BlobStore.Outcome outcome =
        retryingUploads.putIfAbsent(gcsStore(), object("2026/11/25/retried"));

    assertThat(outcome).isEqualTo(BlobStore.Outcome.CREATED);
    assertThat(uploads(gcs) - before).as("two answered 503, the third stored it").isEqualTo(3);
    assertThat(gcs.object(BUCKET, "2026/11/25/retried/one.jsonl.gz")).isPresent();
  }

  @Test
  void theBlobStoreGivesUpAfterFourRetries() {
    FakeGcsServer gcs = gcs();
    gcs.failNextUploads(503, 5);
    int before = uploads(gcs);

    Throwable failure =
        catchThrowable(
            () -> retryingUploads.putIfAbsent(gcsStore(), object("2026/11/25/exhausted")));

    assertThat(failure).isInstanceOf(TransientBlobStoreException.class);
    assertThat(failure.getCause())
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.getCode()).isEqualTo(503));

    assertThat(uploads(gcs) - before).as("the call and its 4 retries").isEqualTo(5);
    assertThat(gcs.object(BUCKET, "2026/11/25/exhausted/one.jsonl.gz")).isEmpty();
  }

  @Test
  void theBlobStoreDoesNotRetryAPermanentFailure() {
    FakeGcsServer gcs = gcs();
    gcs.failNextUploads(403, 1);
    int before = uploads(gcs);

    Throwable failure =
        catchThrowable(
            () -> retryingUploads.putIfAbsent(gcsStore(), object("2026/11/25/forbidden")));

    assertThat(failure)
        .isInstanceOf(BlobStoreException.class)
        .isNotInstanceOf(TransientBlobStoreException.class);
    assertThat(failure.getCause())
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    assertThat(uploads(gcs) - before).isEqualTo(1);
  }

  /** The GCS adapter as the archive stage opens it, from this archive's settings. */
  private BlobStore gcsStore() {
    if (gcsStore == null) {
      gcsStore =
          GcsBlobStore.open(
              io.dataflow.sink.archive.ArchiveConfig.read(config).gcs().orElseThrow());
    }
    return gcsStore;
  }

  // ---- @CircuitBreaker on Redis (L2)

  @Test
  void theRedisCircuitOpensAfterFourFailuresSkipsRedisWhileOpenAndClosesOnceRedisAnswers()
      throws Exception {
    Assumptions.assumeTrue(
        ExternalParts.redisInstalled(),
        "SKIPPED: redis-server is not installed (apt-get install -y redis-server)");
    int port = config.getValue("it.redis.port", Integer.class);
    long opened = counter("ft.circuitbreaker.opened.total", GETALL);

    // Redis is down: each call fails on its own, and the fourth failure opens the circuit.
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> redis.getAll(List.of("d1")))
          .as("call %d", i + 1)
          .isInstanceOf(DeviceLookupException.class);
    }
    assertThat(counter("ft.circuitbreaker.opened.total", GETALL) - opened).isEqualTo(1);
    long openedAt = System.nanoTime();
    assertThatThrownBy(() -> redis.getAll(List.of("d1")))
        .isInstanceOf(CircuitBreakerOpenException.class);

    parts.startRedis(port, Path.of(config.getValue("dataflow.data-dir", String.class)));
    try {
      // Redis is up now, yet the open circuit still answers for it without calling it.
      assertThatThrownBy(() -> redis.getAll(List.of("d1")))
          .isInstanceOf(CircuitBreakerOpenException.class);
      // putAll has its own circuit, closed: it reaches Redis.
      redis.putAll(Map.of("d1", DeviceRecord.found(Map.of("location", "plant-north"))));

      Map<String, DeviceRecord> held = null;
      while (held == null && System.nanoTime() - openedAt < Duration.ofSeconds(15).toNanos()) {
        try {
          held = redis.getAll(List.of("d1"));
        } catch (CircuitBreakerOpenException stillOpen) {
          Thread.sleep(100);
        }
      }
      long closedAfterMillis = (System.nanoTime() - openedAt) / 1_000_000;
      assertThat(held).as("getAll once the circuit let a trial call through").isNotNull();
      assertThat(held.get("d1").fields()).containsEntry("location", "plant-north");
      assertThat(closedAfterMillis)
          .as("the circuit stays open for its 5 s delay")
          .isGreaterThanOrEqualTo(4_900);
      assertThat(redis.getAll(List.of("d1"))).containsKey("d1");
    } finally {
      parts.stopRedis();
    }
  }

  // ---- @Timeout and @Retry on Firestore (L3)

  @Test
  @Order(1) // before the refused call, which leaves the client's channel backing off from the port
  void aFirestoreCallThatHangsIsCutAtFiveSecondsAndRetriedTwice() throws Exception {
    int port = config.getValue("it.firestore.port", Integer.class);
    long timedOut = counter("ft.timeout.calls.total", FINDALL, "timedOut", "true");
    long retries = counter("ft.retry.retries.total", FINDALL);
    long exhausted = counter("ft.retry.calls.total", FINDALL, "retryResult", "maxRetriesReached");

    long start = System.nanoTime();
    Throwable failure;
    try (ExternalParts.BlackHole hole = parts.openBlackHole(port)) {
      failure = catchThrowable(() -> firestore.findAll(List.of("d1", "d2")));
      assertThat(hole.accepted())
          .as("the client connected to the port that never answers")
          .isPositive();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(failure).isInstanceOf(TimeoutException.class);
    assertThat(counter("ft.timeout.calls.total", FINDALL, "timedOut", "true") - timedOut)
        .as("timed-out attempts")
        .isEqualTo(3);
    assertThat(counter("ft.retry.retries.total", FINDALL) - retries).isEqualTo(2);
    assertThat(
            counter("ft.retry.calls.total", FINDALL, "retryResult", "maxRetriesReached")
                - exhausted)
        .isEqualTo(1);
    // Three attempts cut at 5 s each, not one of the client's 60 s (the metrics above count them).
    assertThat(millis).isBetween(15_000L, 45_000L);
  }

  @Test
  @Order(2)
  void aFailingFirestoreCallIsRetriedTwiceThenReported() {
    long retries = counter("ft.retry.retries.total", FINDALL);
    long timedOut = counter("ft.timeout.calls.total", FINDALL, "timedOut", "true");

    long start = System.nanoTime();
    // Nothing listens on the port: each attempt fails at once with a DeviceLookupException.
    assertThatThrownBy(() -> firestore.findAll(List.of("d1")))
        .isInstanceOf(DeviceLookupException.class)
        .hasMessageContaining("Firestore getAll failed");
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(counter("ft.retry.retries.total", FINDALL) - retries).isEqualTo(2);
    assertThat(counter("ft.timeout.calls.total", FINDALL, "timedOut", "true") - timedOut).isZero();
    assertThat(millis).isLessThan(5_000);
  }

  // ---- helpers

  private FakeGcsServer gcs() {
    return parts.gcs(config.getValue("it.gcs.port", Integer.class), BUCKET);
  }

  /** Upload requests the fake has answered so far (one per attempt: these objects are small). */
  private static int uploads(FakeGcsServer gcs) {
    return (int) gcs.requests().stream().filter(r -> r.startsWith("POST /upload/")).count();
  }

  private static ArchiveObject object(String key) {
    return ArchiveObject.gzipJsonl(
        key + "/one.jsonl.gz", new byte[] {1, 2, 3}, Map.of(ArchiveMetadata.GROUP_KEY, key));
  }

  private static Row row(String insertId) {
    return Row.of(insertId, Map.of("message_id", insertId));
  }

  /**
   * The sum of the counters of that name whose {@code method} tag is {@code method} and whose other
   * tags include the given name/value pairs.
   */
  private long counter(String name, String method, String... tags) {
    return baseMetrics
        .getCounters(
            (id, metric) -> {
              if (!id.getName().equals(name) || !method.equals(id.getTags().get("method"))) {
                return false;
              }
              for (int i = 0; i < tags.length; i += 2) {
                if (!tags[i + 1].equals(id.getTags().get(tags[i]))) {
                  return false;
                }
              }
              return true;
            })
        .values()
        .stream()
        .mapToLong(Counter::getCount)
        .sum();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A row writer that fails its first {@code failures} calls with the given exception. */
  static final class ScriptedRowWriter implements RowWriter {
    private final int failures;
    private final Class<? extends Exception> failure;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile List<Row> lastRows;

    ScriptedRowWriter(int failures, Class<? extends Exception> failure) {
      this.failures = failures;
      this.failure = failure;
    }

    @Override
    public void prepare(RowSchema schema) {}

    @Override
    public WriteResult write(List<Row> rows) throws Exception {
      lastRows = rows;
      int call = calls.incrementAndGet();
      if (call <= failures) {
        if (failure == TransientWriteException.class) {
          throw new TransientWriteException("HTTP 503 on call " + call, null);
        }
        throw failure.getConstructor(String.class).newInstance("failure on call " + call);
      }
      return WriteResult.success();
    }

    int calls() {
      return calls.get();
    }

    List<Row> lastRows() {
      return lastRows;
    }

    @Override
    public String destination() {
      return "scripted";
    }

    @Override
    public void close() {}
  }
}
