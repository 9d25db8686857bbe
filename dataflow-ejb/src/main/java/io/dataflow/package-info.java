/**
 * dataflow: an IoT telemetry pipeline. Read the packages in the order the data flows: {@code
 * ingest} (MQTT to {@code raw}), {@code enrich} ({@code raw} to {@code enriched}), {@code
 * sink.bigquery} and {@code sink.archive} (the two consumers of {@code enriched}), then the shared
 * parts: {@code pipeline} (how every stage settles a message, and the stage vocabulary), {@code
 * envelope} (the one message type), {@code bus} (the connectors: local, Pub/Sub, MQTT), {@code
 * sink.batch} (the batcher both sinks use), {@code deadletter}, {@code config}, {@code gcp} (the
 * Google clients and the transient-failure classifier), {@code concurrent} (the managed threads),
 * {@code metrics}, {@code lifecycle} and {@code admin} (the facade the console reads); {@code demo}
 * is the optional demo traffic that publishes into the server's own broker.
 */
package io.dataflow;
