/**
 * dataflow: an IoT telemetry pipeline. Read the packages in the order the data flows: {@code
 * ingest} (MQTT to {@code raw}), {@code enrich} ({@code raw} to {@code enriched}), {@code
 * sink.bigquery} and {@code sink.archive} (the two consumers of {@code enriched}), then the shared
 * parts: {@code envelope} (the one message type), {@code bus} (the connectors), {@code deadletter},
 * {@code config}, {@code health}, {@code gcp} (the Google clients and the transient-failure
 * classifier), {@code concurrent} (the managed threads) and {@code admin} (the facade the console
 * reads).
 */
package io.dataflow;
