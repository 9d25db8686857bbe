package io.dataflow.lifecycle;

import io.dataflow.bus.BusBacklog;
import io.dataflow.bus.Intake;
import io.dataflow.config.CoreSettings;
import io.dataflow.config.Setting;
import io.dataflow.config.SettingsCatalog;
import io.dataflow.config.ShutdownSettings;
import io.dataflow.config.Stage;
import io.dataflow.config.StageSelection;
import io.dataflow.metrics.PipelineMetrics;
import io.dataflow.metrics.StageMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Start-up and shutdown of the pipeline as a whole.
 *
 * <p>At start, every declared setting is validated, so a bad value fails the deployment with a
 * message naming the key instead of failing later inside a worker.
 *
 * <p>At shutdown (this singleton is destroyed before the stage beans), intake stops first: MQTT
 * messages that arrive from then on stay with the broker's persistent session. Then the messages
 * already taken in are given time to pass through the in-JVM bus (ingestion and enrich settle
 * theirs, every queue empties), so that the sinks, when they are destroyed next, write them with
 * their pending batches and ack. Whatever is still queued at the drain timeout is lost with the JVM
 * unless the broker redelivers it.
 */
@Singleton
@Startup
public class PipelineLifecycle {
  private static final Logger LOG = Logger.getLogger(PipelineLifecycle.class.getName());

  @Inject Config config;
  @Inject StageSelection stages;
  @Inject @Any Instance<BusBacklog> backlogs;
  @Inject PipelineMetrics metrics;

  /** The connectors that take messages in (MQTT), found by their role, not their class. */
  @Inject @Any Instance<Intake> intakes;

  @PostConstruct
  void start() {
    for (Setting<?> s : SettingsCatalog.all()) {
      if (s.key().startsWith("dataflow.")) {
        s.read(config);
      }
    }
    LOG.info(
        "dataflow starting: stages "
            + stages.all()
            + ", bus "
            + CoreSettings.BUS.read(config)
            + ", data directory "
            + CoreSettings.DATA_DIR.read(config));
  }

  @PreDestroy
  void stop() {
    intakes.forEach(Intake::pauseIntake);
    Duration timeout = ShutdownSettings.DRAIN_TIMEOUT.read(config);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!drained() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (drained()) {
      LOG.info(
          "dataflow stopping: intake paused and the in-JVM bus drained; the sinks write their pending batches next");
    } else {
      LOG.warning(
          "dataflow stopping: the in-JVM bus still holds "
              + queued()
              + " messages after "
              + timeout
              + " ("
              + ShutdownSettings.DRAIN_TIMEOUT.key()
              + ")");
    }
  }

  /** Nothing queued on the bus, and ingestion and enrich hold no unsettled message. */
  private boolean drained() {
    return queued() == 0 && inFlight(Stage.INGESTION) == 0 && inFlight(Stage.ENRICH) == 0;
  }

  private long queued() {
    return backlogs.stream().mapToLong(BusBacklog::queued).sum();
  }

  private long inFlight(Stage stage) {
    return metrics.all().stream()
        .filter(m -> m.stage().equals(stage.configName()))
        .mapToLong(StageMetrics::inFlight)
        .sum();
  }
}
