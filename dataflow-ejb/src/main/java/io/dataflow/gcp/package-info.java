/**
 * Shared parts of the Google Cloud adapters (GCS, BigQuery, Firestore, Pub/Sub). {@link
 * io.dataflow.gcp.TransientFailures} is the one classifier of transient failures (HTTP and gRPC
 * statuses, network errors), which each adapter's retry policy extends with its own exceptions. The
 * retrying itself stays with the adapters (MicroProfile Fault Tolerance).
 */
package io.dataflow.gcp;
