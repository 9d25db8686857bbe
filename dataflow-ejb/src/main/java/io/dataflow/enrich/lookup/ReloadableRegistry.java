package io.dataflow.enrich.lookup;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/** An L3 registry whose source can change while the stage runs (the device file). */
public interface ReloadableRegistry extends DeviceRegistry {
  /**
   * Reads the source again if it changed.
   *
   * @return the ids added, changed or removed; empty when nothing changed
   * @throws IOException when the changed source is invalid; the previous registry stays in use
   */
  Set<String> reloadIfChanged() throws IOException;

  /** Why the last reload failed; empty while the source in use is the current one. */
  Optional<String> lastError();

  /** Where the devices come from, for messages. */
  String source();

  /** Devices in the registry in use. */
  int size();
}
