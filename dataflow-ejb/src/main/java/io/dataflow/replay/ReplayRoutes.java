package io.dataflow.replay;

import io.dataflow.config.ConfigurationException;
import io.dataflow.config.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The input of every stage whose dead letters can be replayed, read from the channel wiring ({@code
 * mp.messaging.incoming.<channel>.topic} and {@code .subscription}, which defaults to the channel
 * name as in both bus connectors):
 *
 * <ul>
 *   <li>{@code enrich}: channel {@code raw-in}, published to through {@code replay-raw};
 *   <li>{@code bigquery}: channel {@code enriched-bigquery}, through {@code replay-enriched};
 *   <li>{@code archive}: channel {@code enriched-archive}, through {@code replay-enriched}.
 * </ul>
 *
 * A dead letter names its stage, or the subscription that gave up on it ({@code max-attempts}:
 * {@code bigquery}, or a Pub/Sub path {@code projects/p/subscriptions/bigquery}); both resolve to
 * the route. Ingestion has no route: its input is the MQTT broker.
 */
public final class ReplayRoutes {
  static final String REPLAY_RAW = "replay-raw";
  static final String REPLAY_ENRICHED = "replay-enriched";

  private final Map<String, ReplayRoute> byStage;

  public ReplayRoutes(List<ReplayRoute> routes) {
    Map<String, ReplayRoute> m = new LinkedHashMap<>();
    routes.forEach(r -> m.put(r.stage(), r));
    this.byStage = Map.copyOf(m);
  }

  /**
   * The routes from the channel wiring.
   *
   * @throws ConfigurationException when a replay channel publishes to another topic than the
   *     stage's input reads
   */
  public static ReplayRoutes read(Config config) {
    return new ReplayRoutes(
        List.of(
            route(config, Stage.ENRICH, "raw-in", REPLAY_RAW),
            route(config, Stage.BIGQUERY, "enriched-bigquery", REPLAY_ENRICHED),
            route(config, Stage.ARCHIVE, "enriched-archive", REPLAY_ENRICHED)));
  }

  private static ReplayRoute route(Config config, Stage stage, String input, String publish) {
    String topicKey = "mp.messaging.incoming." + input + ".topic";
    String topic = config.getOptionalValue(topicKey, String.class).orElse(input);
    String subscription =
        config
            .getOptionalValue("mp.messaging.incoming." + input + ".subscription", String.class)
            .orElse(input);
    String publishKey = "mp.messaging.outgoing." + publish + ".topic";
    String published = config.getOptionalValue(publishKey, String.class).orElse(publish);
    if (!published.equals(topic)) {
      throw new ConfigurationException(
          publishKey
              + "="
              + published
              + " must name the topic the "
              + stage.configName()
              + " stage reads ("
              + topicKey
              + "="
              + topic
              + "), or its dead letters would be replayed elsewhere");
    }
    return new ReplayRoute(stage.configName(), input, topic, subscription, publish);
  }

  /** The route of a dead letter's stage or subscription; empty for ingestion and unknown names. */
  public Optional<ReplayRoute> of(String deadLetterStage) {
    ReplayRoute r = byStage.get(deadLetterStage);
    if (r != null) {
      return Optional.of(r);
    }
    String name = deadLetterStage;
    int slash = name.lastIndexOf("/subscriptions/");
    if (slash >= 0) {
      name = name.substring(slash + "/subscriptions/".length());
    }
    for (ReplayRoute route : byStage.values()) {
      if (route.subscription().equals(name)) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /** The stage a dead letter counts for in a filter: its route's, else the name it carries. */
  public String stageOf(String deadLetterStage) {
    return of(deadLetterStage).map(ReplayRoute::stage).orElse(deadLetterStage);
  }
}
