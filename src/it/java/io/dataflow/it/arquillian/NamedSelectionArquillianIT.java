package io.dataflow.it.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.bus.PollingPublisher;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterSink;
import io.dataflow.enrich.DeviceIdKeyExtractor;
import io.dataflow.enrich.EnrichSettings;
import io.dataflow.enrich.EnrichStage;
import io.dataflow.enrich.EnrichTiers;
import io.dataflow.enrich.EnrichmentMapApplier;
import io.dataflow.enrich.KeyExtractor;
import io.dataflow.enrich.MessageEnricher;
import io.dataflow.enrich.MetadataApplier;
import io.dataflow.envelope.Envelope;
import io.dataflow.envelope.Payload;
import io.dataflow.envelope.Source;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.sink.bigquery.BigQueryStage;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowSchema;
import io.dataflow.sink.bigquery.RowSchema.Column;
import io.dataflow.sink.bigquery.RowSchema.ColumnType;
import io.dataflow.sink.bigquery.RowTransformer;
import io.dataflow.sink.bigquery.adapter.H2RowWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Selecting the enrich stage's key extractor and applier, and the BigQuery stage's row transformer,
 * by the {@code @Named} name in the configuration, as CDI does it in the container: the real {@link
 * EnrichStage} and {@link BigQueryStage}, wired by Reactive Messaging to in-app channels of this
 * test, with the defaults ({@code device-id}, {@code enrichment-map}, {@code default}) deployed
 * beside this test's beans and the configuration naming this test's ones ({@code it-serial}, {@code
 * it-attributes}, {@code it-rows}). What comes out of each stage shows which bean made it. (The
 * start-up error for an unknown name: EnrichStageSelectionTest and BigQueryStageTransformerTest.)
 */
@ExtendWith(ArquillianExtension.class)
class NamedSelectionArquillianIT {
  private static final String SERIAL = "serial";

  @Inject Upstream upstream;
  @Inject RecordedDeadLetters deadLetters;
  @Inject Config config;
  @Inject @Any Instance<KeyExtractor> keyExtractors;
  @Inject @Any Instance<MetadataApplier> appliers;
  @Inject @Any Instance<RowTransformer> transformers;

  @Deployment
  static WebArchive deployment() throws IOException {
    Path data = Files.createTempDirectory("dataflow-selection-it-");
    Path devices = data.resolve("devices.json");
    Files.writeString(devices, "[{\"id\":\"SN-7\",\"location\":\"lab-3\",\"name\":\"Seven\"}]");
    String properties =
        String.join(
            "\n",
            "dataflow.data-dir=" + data,
            "dataflow.devices-file=" + devices,
            "dataflow.enrich.key-extractor=it-serial",
            "dataflow.enrich.applier=it-attributes",
            "dataflow.bigquery.transformer=it-rows",
            "dataflow.bigquery.table=it_selected",
            "dataflow.bigquery.max-batch-age=200ms",
            "");
    return ShrinkWrap.create(WebArchive.class, "named-selection-it.war")
        // shared: configuration, envelope, metrics, dead-letter port, the polling publisher
        .addPackage(io.dataflow.config.Setting.class.getPackage())
        .addPackage(Envelope.class.getPackage())
        .addPackage(PipelineMetrics.class.getPackage())
        .addClasses(DeadLetter.class, DeadLetterSink.class, PollingPublisher.class)
        .addPackage(io.dataflow.pipeline.Settlement.class.getPackage())
        .addPackage(io.dataflow.concurrent.ManagedThreads.class.getPackage())
        .addPackage(io.dataflow.gcp.GoogleClients.class.getPackage())
        // enrich: the stage, its assembly and core, the default beans, the lookup tiers
        .addClasses(
            EnrichStage.class,
            EnrichTiers.class,
            EnrichSettings.class,
            io.dataflow.enrich.EnrichConfig.class,
            io.dataflow.enrich.CacheControl.class,
            MessageEnricher.class,
            KeyExtractor.class,
            MetadataApplier.class,
            DeviceIdKeyExtractor.class,
            EnrichmentMapApplier.class)
        .addClass("io.dataflow.enrich.EnrichProcessor")
        .addClass("io.dataflow.enrich.LookupRetry")
        .addClass("io.dataflow.enrich.UnknownDevicePolicy")
        .addClass("io.dataflow.enrich.TierGauges")
        .addClass("io.dataflow.enrich.DeviceFileWatch")
        .addPackage(io.dataflow.enrich.lookup.DeviceLookup.class.getPackage())
        .addPackage(io.dataflow.enrich.adapter.RedisDeviceCache.class.getPackage())
        // sink.bigquery: the stage and everything but its health check; the shared batcher
        .addPackage(BigQueryStage.class.getPackage())
        .deleteClass("io.dataflow.sink.bigquery.BigQueryReadiness")
        .addPackage(io.dataflow.sink.bigquery.adapter.H2RowWriter.class.getPackage())
        .addPackage(
            io.dataflow.sink.bigquery.adapter.storagewrite.StorageWriteRowWriter.class.getPackage())
        .addPackage(io.dataflow.sink.batch.KeyedBatcher.class.getPackage())
        // test: the named beans, the channels' ends, a dead-letter recorder
        .addClasses(
            SerialKeyExtractor.class,
            AttributesApplier.class,
            SerialRowTransformer.class,
            Upstream.class,
            Downstream.class,
            RecordedDeadLetters.class)
        .addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties")
        .addAsLibraries(ApplicationLibraries.except(ApplicationLibraries.MQTT_BROKER_AND_CLIENT))
        .addAsLibraries(ApplicationLibraries.jarOf(Assertions.class))
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
  }

  @Test
  void theConfigurationNamesBeansThatAreDeployedBesideTheDefaults() {
    assertThat(names(keyExtractors)).containsExactly("device-id", "it-serial");
    assertThat(names(appliers)).containsExactly("enrichment-map", "it-attributes");
    assertThat(names(transformers)).containsExactly("default", "it-rows");
    assertThat(config.getValue("dataflow.enrich.key-extractor", String.class))
        .isEqualTo("it-serial");
  }

  @Test
  void theNamedKeyExtractorAndApplierEnrichTheStream() throws Exception {
    // The device id is not registered; the serial attribute is: only it-serial finds the device.
    Envelope in = envelope("not-registered").withAttribute(SERIAL, "SN-7");

    Envelope out = upstream.enrich(in);

    assertThat(out.id()).isEqualTo(in.id());
    // it-attributes writes the metadata as attributes; enrichment-map would have filled enrichment.
    assertThat(out.attributes())
        .containsEntry("device.location", "lab-3")
        .containsEntry("device.name", "Seven")
        .doesNotContainKey(MessageEnricher.STATUS_ATTRIBUTE);
    assertThat(out.enrichment()).isEmpty();
    assertThat(deadLetters.received).isEmpty();
  }

  @Test
  void theDeviceIdIsNotTheKeyWhenAnotherExtractorIsNamed() throws Exception {
    // The device id is the registered one, but it-serial reads the (absent) serial attribute.
    Envelope out = upstream.enrich(envelope("SN-7"));

    assertThat(out.attributes())
        .containsEntry(MessageEnricher.STATUS_ATTRIBUTE, MessageEnricher.UNKNOWN_DEVICE)
        .doesNotContainKey("device.location");
    assertThat(out.enrichment()).isEmpty();
    assertThat(deadLetters.received).isEmpty();
  }

  @Test
  void theNamedTransformerMakesTheRowsOfTheWarehouse() throws Exception {
    Envelope in = envelope("sensor-9").withAttribute(SERIAL, "SN-9");

    upstream.writeRow(in);

    // H2 stand-in of BigQuery: the table and columns are it-rows' schema, not the default's.
    Path warehouse = Path.of(config.getValue("dataflow.data-dir", String.class), "warehouse");
    Class.forName("org.h2.Driver");
    try (Connection c =
            DriverManager.getConnection(
                H2RowWriter.url(warehouse), H2RowWriter.USER, H2RowWriter.readPassword(warehouse));
        PreparedStatement st =
            c.prepareStatement(
                "SELECT SERIAL, DEVICE_UPPER FROM IT_SELECTED WHERE MESSAGE_ID = ?")) {
      st.setString(1, in.id());
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).as("row of " + in.id()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("SN-9");
        assertThat(rs.getString(2)).isEqualTo("SENSOR-9");
      }
    }
  }

  private static List<String> names(Instance<?> beans) {
    return beans.handlesStream().map(h -> h.getBean().getName()).sorted().toList();
  }

  private static Envelope envelope(String deviceId) {
    Instant now = Instant.now();
    return Envelope.create(
        deviceId,
        now,
        now,
        new Source("devices/" + deviceId + "/telemetry", "telemetry"),
        Payload.json("{\"temperature\":21.5}"));
  }

  // ---- the beans the configuration names

  /** The key is the envelope's {@code serial} attribute, not its device id. */
  @ApplicationScoped
  @Named("it-serial")
  public static class SerialKeyExtractor implements KeyExtractor {
    @Override
    public String key(Envelope envelope) {
      return envelope.attributes().get(SERIAL);
    }
  }

  /** Writes the metadata as {@code device.<field>} attributes, leaving the enrichment map alone. */
  @ApplicationScoped
  @Named("it-attributes")
  public static class AttributesApplier implements MetadataApplier {
    @Override
    public Envelope apply(Envelope envelope, Map<String, Object> metadata) {
      Map<String, String> attributes = new LinkedHashMap<>(envelope.attributes());
      metadata.forEach((k, v) -> attributes.put("device." + k, String.valueOf(v)));
      return envelope.withAttributes(attributes);
    }
  }

  /** Rows of its own shape: the serial attribute and the device id in upper case. */
  @ApplicationScoped
  @Named("it-rows")
  public static class SerialRowTransformer implements RowTransformer {
    private static final RowSchema SCHEMA =
        new RowSchema(
            List.of(
                new Column("message_id", ColumnType.STRING, true),
                new Column("event_time", ColumnType.TIMESTAMP, true),
                new Column("serial", ColumnType.STRING, false),
                new Column("device_upper", ColumnType.STRING, false)),
            "event_time",
            List.of());

    @Override
    public RowSchema schema() {
      return SCHEMA;
    }

    @Override
    public Row toRow(Envelope e) {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("message_id", e.id());
      values.put("event_time", e.eventTime());
      values.put("serial", e.attributes().get(SERIAL));
      values.put("device_upper", e.deviceId().toUpperCase(java.util.Locale.ROOT));
      return Row.of(e.id(), values);
    }
  }

  // ---- the ends of the stages' channels

  /** Sends into {@code raw-in} (enrich) and {@code enriched-bigquery} (BigQuery). */
  @ApplicationScoped
  public static class Upstream {
    @Inject
    @Channel("raw-in")
    Emitter<Envelope> raw;

    @Inject
    @Channel("enriched-bigquery")
    Emitter<Envelope> enriched;

    @Inject Downstream downstream;

    /** The envelope the enrich stage made of {@code in}, once the stage acked {@code in}. */
    Envelope enrich(Envelope in) throws Exception {
      CompletableFuture<Void> acked = new CompletableFuture<>();
      raw.send(Message.of(in, () -> complete(acked), reason -> fail(acked, reason)));
      acked.get(30, TimeUnit.SECONDS);
      return downstream.take(in.id());
    }

    /** Returns once the BigQuery stage acked the message, i.e. wrote its row. */
    void writeRow(Envelope in) throws Exception {
      CompletableFuture<Void> acked = new CompletableFuture<>();
      enriched.send(Message.of(in, () -> complete(acked), reason -> fail(acked, reason)));
      acked.get(30, TimeUnit.SECONDS);
    }

    private static CompletionStage<Void> complete(CompletableFuture<Void> f) {
      f.complete(null);
      return CompletableFuture.completedFuture(null);
    }

    private static CompletionStage<Void> fail(CompletableFuture<Void> f, Throwable reason) {
      f.completeExceptionally(reason);
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Consumes {@code enriched-out}, the enrich stage's output. */
  @ApplicationScoped
  public static class Downstream {
    private final BlockingQueue<Envelope> enriched = new LinkedBlockingQueue<>();

    @Incoming("enriched-out")
    public CompletionStage<Void> consume(Message<Envelope> message) {
      enriched.add(message.getPayload());
      return message.ack();
    }

    Envelope take(String id) throws InterruptedException {
      List<Envelope> others = new ArrayList<>();
      try {
        for (Envelope e = enriched.poll(30, TimeUnit.SECONDS);
            e != null;
            e = enriched.poll(30, TimeUnit.SECONDS)) {
          if (e.id().equals(id)) {
            return e;
          }
          others.add(e);
        }
        throw new AssertionError("no enriched envelope " + id + "; others: " + others);
      } finally {
        enriched.addAll(others);
      }
    }
  }

  /** The stages' dead letters, kept for a failing assertion to show. */
  @ApplicationScoped
  public static class RecordedDeadLetters implements DeadLetterSink {
    final List<DeadLetter> received = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> send(DeadLetter deadLetter) {
      received.add(deadLetter);
      return CompletableFuture.completedFuture(null);
    }
  }
}
