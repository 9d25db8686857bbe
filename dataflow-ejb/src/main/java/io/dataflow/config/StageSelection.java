package io.dataflow.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * The stages this server runs, from {@code dataflow.stages}: the one reader of that key. The CDI
 * bean serves the stages and the console; {@link #read(Config)} serves the portable extension that
 * vetoes the beans of stages that are off, and {@link #fromEnvironment()} the config source that
 * turns their channels off (a config source cannot read the configuration it is part of).
 */
@ApplicationScoped
public class StageSelection {
  private Set<Stage> stages;

  protected StageSelection() {}

  @Inject
  public StageSelection(Config config) {
    this.stages = read(config).stages;
  }

  private StageSelection(Set<Stage> stages) {
    this.stages = Collections.unmodifiableSet(stages);
  }

  public static StageSelection of(Set<Stage> stages) {
    return new StageSelection(stages);
  }

  /** The selection in {@code config}; a bad value fails naming the key and the stages. */
  public static StageSelection read(Config config) {
    return parse(
        config
            .getOptionalValue(CoreSettings.STAGES.key(), String.class)
            .orElse(CoreSettings.STAGES.defaultValue()));
  }

  /**
   * The selection from the system property or the environment variable alone, for a config source;
   * the default when neither is set.
   */
  public static StageSelection fromEnvironment() {
    String value =
        Optional.ofNullable(System.getProperty(CoreSettings.STAGES.key()))
            .or(() -> Optional.ofNullable(System.getenv(CoreSettings.STAGES.environmentVariable())))
            .orElse(CoreSettings.STAGES.defaultValue());
    return parse(value);
  }

  static StageSelection parse(String value) {
    try {
      return new StageSelection(Stage.parseList(value));
    } catch (IllegalArgumentException e) {
      throw CoreSettings.STAGES.invalid(
          value, "expected all, or a comma-separated list of " + Stage.allNames(), e);
    }
  }

  public boolean isEnabled(Stage stage) {
    return stages.contains(stage);
  }

  public Set<Stage> all() {
    return stages;
  }
}
