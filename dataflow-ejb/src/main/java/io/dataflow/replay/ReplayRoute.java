package io.dataflow.replay;

/**
 * Where the dead letters of one stage are replayed: the stage's input, one subscription of a topic.
 *
 * @param stage the stage ({@code enrich}, {@code bigquery}, {@code archive})
 * @param inputChannel the stage's incoming channel ({@code raw-in}, ...)
 * @param topic the topic that channel reads
 * @param subscription the channel's subscription, which the replayed envelope is addressed to
 * @param publishChannel the outgoing channel that publishes to {@code topic}
 */
public record ReplayRoute(
    String stage, String inputChannel, String topic, String subscription, String publishChannel) {}
