package io.dataflow.lifecycle;

import io.dataflow.config.CoreSettings;
import io.dataflow.config.EnabledStages;
import io.dataflow.config.Setting;
import io.dataflow.config.SettingsCatalog;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Validates every declared setting when the application starts, so a bad value fails the deployment
 * with a message naming the key (instead of failing later inside a worker), and logs what this
 * server runs.
 */
@Singleton
@Startup
public class PipelineLifecycle {
  private static final Logger LOG = Logger.getLogger(PipelineLifecycle.class.getName());

  @Inject Config config;
  @Inject EnabledStages stages;

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
}
