package io.dataflow.envelope;

import java.util.Objects;

/**
 * Where an envelope entered the pipeline.
 *
 * @param topic the MQTT topic (or other origin address) the payload arrived on
 * @param route the name of the ingestion route that matched the topic
 */
public record Source(String topic, String route) {
  public Source {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(route, "route");
  }
}
