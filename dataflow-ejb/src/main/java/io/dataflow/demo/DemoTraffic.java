package io.dataflow.demo;

import io.dataflow.bus.mqtt.MqttConnector;
import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.bus.mqtt.MqttSourceOptions;
import io.dataflow.concurrent.ManagedThreads;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.demo.mqtt.MqttDemoPublisher;
import io.dataflow.enrich.EnrichSettings;
import io.dataflow.enrich.adapter.FileDeviceRegistry;
import io.dataflow.ingest.IngestConfig;
import io.dataflow.metrics.Count;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * The demo traffic of this server: the thin bean around a {@link DemoRun}, which owns the scheduler
 * thread and the MQTT publisher. It publishes into the broker and on the routes of the ingestion
 * channel ({@code mqtt}), under the ingestion client id with {@code -demo} appended, and simulates
 * the devices of {@code dataflow.devices-file}. Exists only where the ingestion stage runs; starts
 * at boot when {@code dataflow.demo.enabled} is true, and stops at shutdown.
 */
@ApplicationScoped
@StageComponent(Stage.INGESTION)
public class DemoTraffic implements DemoControl {
  /** The setting that starts the demo at boot, recorded as who started it. */
  static final String BOOT = DemoSettings.ENABLED.key();

  private static final Logger LOG = Logger.getLogger(DemoTraffic.class.getName());
  private static final String CHANNEL = "mqtt";
  private static final int FALLBACK_DEVICES = 10;

  @Inject Config config;
  @Inject Clock clock;
  @Inject PipelineMetrics metrics;

  @Inject
  @Connector(MqttConnector.NAME)
  MqttConnector mqtt;

  @Inject ManagedThreads threads;

  private DemoConfig settings;
  private ScheduledExecutorService scheduler;
  private volatile boolean running;
  private volatile DemoRun run;
  private volatile String brokerUrl = "";
  private volatile String fleet = "";
  private volatile long publishedByEarlierRuns;
  // Brought up to publishedTotal() on every tick and when a run stops.
  private Count published = new Count();
  private final Object publishedLock = new Object();

  /** Creates the bean at deployment, and starts the demo if configured to. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (settings.enabled()) {
      start(BOOT);
    }
  }

  @PostConstruct
  void init() {
    settings = DemoConfig.read(config);
    published = metrics.count(MetricCatalog.DEMO_PUBLISHED);
  }

  @Override
  public synchronized boolean start(String requestedBy) {
    if (scheduler != null) {
      return false;
    }
    MqttSourceOptions ingestion = mqtt.options(CHANNEL);
    int rate = settings.ratePerSecond();
    IngestConfig ingest = settings.ingest();
    Devices devices = devices();
    DemoFleet simulated =
        new DemoFleet(
            devices.ids(),
            ingestion.routes(),
            ingest.eventTimeField(),
            ingest.maxPayloadBytes(),
            DemoMix.DEFAULT,
            new SplittableRandom(),
            clock);
    MqttDemoPublisher publisher;
    try {
      publisher =
          new MqttDemoPublisher(
              ingestion.url(),
              ingestion.clientId() + "-demo",
              ingestion.connectOptions(),
              Math.max(10, rate),
              ingestion.reconnectMinDelay(),
              ingestion.reconnectMaxDelay());
    } catch (MqttException e) {
      throw new IllegalStateException(
          "Demo traffic: no MQTT client for "
              + ingestion.url()
              + " ("
              + MqttSettings.URL.key()
              + ")",
          e);
    }
    DemoRun previous = run;
    if (previous != null) {
      publishedByEarlierRuns += previous.publisher().acknowledged();
    }
    DemoRun next = new DemoRun(simulated, publisher, rate, clock.instant(), requestedBy);
    run = next;
    brokerUrl = ingestion.url();
    fleet = devices.description() + " and " + simulated.unknownDeviceIds().size() + " unknown";
    scheduler = Executors.newSingleThreadScheduledExecutor(threads.factory("demo"));
    long period = 1000 / DemoRun.TICKS_PER_SECOND;
    scheduler.scheduleAtFixedRate(
        () -> {
          tick(next);
          syncPublished();
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
    running = true;
    LOG.info(
        () ->
            "Demo traffic started by "
                + requestedBy
                + ": "
                + rate
                + " msg/s to "
                + brokerUrl
                + " from "
                + fleet);
    return true;
  }

  @Override
  public synchronized boolean stop(String requestedBy) {
    if (scheduler == null) {
      return false;
    }
    running = false;
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.warning("Demo traffic: the publishing thread did not end within 2 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler = null;
    DemoRun r = run;
    r.publisher().close();
    syncPublished();
    LOG.info(
        () ->
            "Demo traffic stopped by "
                + requestedBy
                + " after "
                + r.publisher().acknowledged()
                + " messages");
    return true;
  }

  @Override
  public State state() {
    DemoRun r = run;
    boolean on = running;
    if (r == null) {
      return new State(false, false, "", settings.ratePerSecond(), "", 0, 0, null, "", "");
    }
    return new State(
        on,
        on && r.publisher().isConnected(),
        brokerUrl,
        r.ratePerSecond(),
        fleet,
        r.publisher().acknowledged(),
        r.skipped(),
        r.startedAt(),
        r.startedBy(),
        r.publisher().lastError());
  }

  @PreDestroy
  void shutdown() {
    stop("shutdown");
  }

  private void syncPublished() {
    synchronized (publishedLock) {
      published.add(publishedTotal() - published.get());
    }
  }

  private long publishedTotal() {
    DemoRun r = run;
    return publishedByEarlierRuns + (r == null ? 0 : r.publisher().acknowledged());
  }

  private static void tick(DemoRun r) {
    try {
      r.tick();
    } catch (RuntimeException e) {
      // A failed tick skips its messages; the schedule must go on.
      LOG.log(Level.WARNING, "Demo traffic: a tick failed", e);
    }
  }

  /**
   * The registered devices to simulate: those of the device file, the L3 registry of the all-in-one
   * server. Without a readable file, a few made-up devices, which enrich will not know.
   */
  private Devices devices() {
    Optional<Path> file = settings.devicesFile();
    if (file.isPresent()) {
      try {
        List<String> ids = FileDeviceRegistry.load(file.get()).ids();
        if (!ids.isEmpty()) {
          return new Devices(
              ids, ids.size() + " registered devices (" + file.get().getFileName() + ")");
        }
      } catch (IOException | RuntimeException e) {
        LOG.warning("Demo traffic cannot read the device file " + file.get() + ": " + e);
      }
    }
    return new Devices(
        IntStream.rangeClosed(1, FALLBACK_DEVICES)
            .mapToObj(i -> String.format("demo-device-%02d", i))
            .toList(),
        FALLBACK_DEVICES
            + " devices in no registry (no readable "
            + EnrichSettings.DEVICES_FILE.key()
            + ")");
  }

  private record Devices(List<String> ids, String description) {}
}
