package io.dataflow.config;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Vetoes the beans of stages that this server does not run, so that their channels are never
 * subscribed. Reads {@code dataflow.stages} once, at deployment; a bad value fails the deployment
 * with a message naming the key.
 */
public class StageSelectionExtension implements Extension {
  private static final Logger LOG = Logger.getLogger(StageSelectionExtension.class.getName());
  private Set<Stage> enabled;

  <T> void vetoDisabledStages(
      @Observes @WithAnnotations(StageComponent.class) ProcessAnnotatedType<T> type) {
    StageComponent component = type.getAnnotatedType().getAnnotation(StageComponent.class);
    if (component != null && !enabled().contains(component.value())) {
      LOG.fine(
          () ->
              "Stage "
                  + component.value().configName()
                  + " is off: not starting "
                  + type.getAnnotatedType().getJavaClass().getName());
      type.veto();
    }
  }

  private Set<Stage> enabled() {
    if (enabled == null) {
      enabled = StageSelection.read(ConfigProvider.getConfig()).all();
      LOG.info("dataflow stages enabled in this server: " + enabled);
    }
    return enabled;
  }
}
