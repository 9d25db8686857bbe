package io.dataflow.admin;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Folds the server's health-check responses into one status per stage. A response belongs to a
 * stage when its name starts with the stage name ({@code ingestion-mqtt}, {@code enrich.redis}) or
 * its data has {@code stage=<name>}; the worst status wins.
 */
public final class StageHealth {
  public static final String UP = "UP";
  public static final String DOWN = "DOWN";
  public static final String UNKNOWN = "UNKNOWN";
  public static final String OFF = "OFF";

  private final Map<String, String> byStage;

  private StageHealth(Map<String, String> byStage) {
    this.byStage = byStage;
  }

  public static StageHealth none() {
    return new StageHealth(Map.of());
  }

  public static StageHealth of(Collection<String> stages, List<HealthCheckResponse> responses) {
    Map<String, String> map = new HashMap<>();
    for (HealthCheckResponse r : responses) {
      for (String stage : stages) {
        if (belongs(r, stage)) {
          String status = r.getStatus() == HealthCheckResponse.Status.UP ? UP : DOWN;
          map.merge(stage, status, (a, b) -> a.equals(DOWN) || b.equals(DOWN) ? DOWN : UP);
        }
      }
    }
    return new StageHealth(Map.copyOf(map));
  }

  /** The status of a stage: OFF when not enabled, UNKNOWN when no check reports on it. */
  public String status(String stage, boolean enabled) {
    return enabled ? byStage.getOrDefault(stage, UNKNOWN) : OFF;
  }

  private static boolean belongs(HealthCheckResponse r, String stage) {
    String name = r.getName() == null ? "" : r.getName().toLowerCase(Locale.ROOT);
    if (name.equals(stage) || name.startsWith(stage + "-") || name.startsWith(stage + ".")) {
      return true;
    }
    return r.getData().map(d -> stage.equals(String.valueOf(d.get("stage")))).orElse(false);
  }
}
