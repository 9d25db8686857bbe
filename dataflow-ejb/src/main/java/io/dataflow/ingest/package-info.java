/**
 * Stage 1, ingestion: MQTT deliveries become envelopes on {@code raw}. {@link
 * io.dataflow.ingest.IngestionStage} is the thin channel bean; {@link
 * io.dataflow.ingest.EnvelopeFactory} is the container-free core that wraps a delivery (the device
 * id from the topic by the channel's routes, which the MQTT connector parsed; the event time by
 * {@link io.dataflow.ingest.EventTimeExtractor}) or says why it cannot, and the stage dead-letters
 * that through {@link io.dataflow.pipeline.Settlement}. {@link
 * io.dataflow.ingest.EmbeddedMqttBroker} gives the all-in-one server a broker when none is
 * configured. The MQTT connector itself is in {@code io.dataflow.bus.mqtt}, beside the other
 * connectors, and imports nothing of this stage.
 */
package io.dataflow.ingest;
