package io.dataflow.bus.local;

import io.dataflow.config.CoreSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * Tells the local bus that start-up is over ({@link LocalBus#startupComplete()}) once the
 * application scope is initialized: Reactive Messaging has subscribed every incoming channel by
 * then (it wires the channels when the deployment is validated). Nothing happens with another bus.
 */
@ApplicationScoped
public class LocalBusStartup {
  @Inject Config config;
  @Inject Instance<LocalBus> bus;

  void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if ("local".equals(CoreSettings.BUS.read(config))) {
      bus.get().startupComplete();
    }
  }
}
