package io.dataflow.enrich;

import io.dataflow.enrich.lookup.ReloadableRegistry;
import io.dataflow.metrics.Count;
import java.io.IOException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One check of the device file, run every {@code dataflow.devices-file.check-interval}: a changed
 * file that parses replaces the registry and each device it added, changed or removed is
 * invalidated in the caches above (L1 and L2, positive and negative entries), so the next envelope
 * of an added device finds it at once instead of its cached "unknown". A file that does not parse
 * keeps the previous registry; the error is logged once (SEVERE) until it changes, and counted.
 */
final class DeviceFileWatch {
  private static final Logger LOG = Logger.getLogger(DeviceFileWatch.class.getName());

  private final ReloadableRegistry registry;
  private final Consumer<String> invalidate;
  private final Count reloaded;
  private final Count failed;
  private String loggedError;

  DeviceFileWatch(
      ReloadableRegistry registry, Consumer<String> invalidate, Count reloaded, Count failed) {
    this.registry = registry;
    this.invalidate = invalidate;
    this.reloaded = reloaded;
    this.failed = failed;
  }

  /** Reloads a changed file and invalidates what changed; never throws (the timer would stop). */
  void check() {
    try {
      Set<String> changed = registry.reloadIfChanged();
      if (loggedError != null) {
        LOG.info(() -> "Device file " + registry.source() + " is valid again");
        loggedError = null;
      }
      if (changed.isEmpty()) {
        return;
      }
      changed.forEach(invalidate);
      reloaded.inc();
      LOG.info(
          () ->
              "Device file "
                  + registry.source()
                  + " reloaded: "
                  + registry.size()
                  + " devices; "
                  + changed.size()
                  + " added, changed or removed, invalidated in the caches");
    } catch (IOException e) {
      failed.inc();
      String error = String.valueOf(e.getMessage());
      if (!error.equals(loggedError)) {
        LOG.severe(
            "Device file "
                + registry.source()
                + " is invalid; the previous registry of "
                + registry.size()
                + " devices stays in use until it is fixed: "
                + error);
        loggedError = error;
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Checking the device file failed", e);
    }
  }
}
