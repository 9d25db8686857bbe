/**
 * The one message type that every hop carries ({@link io.dataflow.envelope.Envelope}) and its one
 * JSON codec ({@link io.dataflow.envelope.EnvelopeCodec}). Nothing else in the pipeline parses or
 * writes envelope JSON.
 */
package io.dataflow.envelope;
