package io.dataflow.demo;

import io.dataflow.enrich.EnrichSettings;
import io.dataflow.ingest.IngestConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The demo traffic's settings, read once.
 *
 * @param enabled whether the demo starts at boot
 * @param ratePerSecond messages per second
 * @param devicesFile the device file whose devices are simulated, if one is configured
 * @param ingest the ingest stage's settings the simulated messages must fit: the event-time field
 *     and the largest payload
 */
public record DemoConfig(
    boolean enabled, int ratePerSecond, Optional<Path> devicesFile, IngestConfig ingest) {

  public static DemoConfig read(Config config) {
    return new DemoConfig(
        DemoSettings.ENABLED.read(config),
        DemoSettings.RATE.read(config),
        EnrichSettings.DEVICES_FILE.readOptional(config).map(Path::of),
        IngestConfig.read(config));
  }
}
