/**
 * Stage 1, ingestion: MQTT payloads become envelopes on {@code raw}. Routes ({@link
 * io.dataflow.ingest.Route}) say which topics to subscribe and where the device id sits in the
 * topic; {@link io.dataflow.ingest.EventTimeExtractor} reads the event time from the payload;
 * {@link io.dataflow.ingest.IngestionStage} wraps and publishes, and dead-letters what it cannot
 * wrap. The MQTT connector itself is in {@code ingest.mqtt}.
 */
package io.dataflow.ingest;
