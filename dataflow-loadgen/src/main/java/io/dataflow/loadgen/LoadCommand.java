package io.dataflow.loadgen;

import java.nio.file.Path;
import java.util.Random;

/** {@code loadgen}: sequence-numbered telemetry from a Zipf-keyed fleet. */
final class LoadCommand extends PublishCommand {
  static final String USAGE =
      """
      loadgen [--broker=tcp://127.0.0.1:1883] [--topic=devices/{deviceId}/telemetry] [--qos=1]
              [--devices=1000] [--locations=20] [--zipf=1.0] [--payload-bytes=256]
              [--rate=0 (msg/s, 0 = as fast as possible)] [--count=100000] [--duration=10m]
              [--inflight=1000] [--drain-timeout=30s] [--run=ID] [--seed=N]
              [--summary=loadgen-RUN.json] [--devices-file=PATH] [--devices-file-only]
              [--fleet-file=PATH]
        Publishes until --count messages or --duration, whichever comes first. Progress on
        stderr each second; the summary (what the broker acknowledged) as JSON to --summary.
        --fleet-file publishes as the devices of an existing device file (for example
        liberty/devices.json, the sample fleet) instead of --devices generated ones.
        --devices-file writes the fleet for DATAFLOW_DEVICES_FILE; with --devices-file-only
        nothing is published.""";

  private final Fleet fleet;
  private final double zipf;
  private final int payloadBytes;
  private final Path devicesFile;
  private final boolean devicesFileOnly;

  LoadCommand(Options o) {
    super(o, 100_000, 0);
    String fleetFile = o.string("fleet-file", null);
    fleet = fleetFile == null ? generated(o) : read(Path.of(fleetFile));
    zipf = o.decimal("zipf", 1.0);
    payloadBytes = o.integer("payload-bytes", 256);
    String file = o.string("devices-file", null);
    devicesFile = file == null ? null : Path.of(file);
    devicesFileOnly = o.flag("devices-file-only");
    if (devicesFileOnly && devicesFile == null) {
      throw new Options.UsageException("--devices-file-only needs --devices-file=PATH");
    }
  }

  private static Fleet generated(Options o) {
    return new Fleet(o.integer("devices", 1000), o.integer("locations", 20));
  }

  private static Fleet read(Path file) {
    try {
      return Fleet.read(file);
    } catch (java.io.IOException e) {
      throw new Options.UsageException("--fleet-file: " + e.getMessage());
    }
  }

  @Override
  int execute(java.io.PrintStream out, java.io.PrintStream err) throws Exception {
    if (devicesFile != null) {
      fleet.writeDeviceFile(devicesFile);
      err.println("[loadgen] " + fleet.size() + " devices written to " + devicesFile);
      if (devicesFileOnly) {
        return 0;
      }
    }
    return super.execute(out, err);
  }

  @Override
  String kind() {
    return "telemetry";
  }

  @Override
  MessageSource source(Random random) {
    return new TelemetrySource(
        run, fleet, zipf, random, topicTemplate, payloadBytes, System::currentTimeMillis);
  }

  @Override
  RunSummary summarize(PublishLoop.Result r) {
    return summary(r, fleet.size(), fleet.locations(), zipf, payloadBytes);
  }
}
