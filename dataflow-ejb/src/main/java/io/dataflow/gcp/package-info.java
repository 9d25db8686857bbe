/**
 * One place for the Google Cloud clients of the adapters (GCS, BigQuery, Firestore, Pub/Sub). A
 * {@link io.dataflow.gcp.GoogleClientOptions} says which project, which {@link
 * io.dataflow.gcp.GoogleEndpoint} (Google's with Application Default Credentials, or an emulator or
 * fake in plaintext with none), the time-out and whether the client retries by itself; {@link
 * io.dataflow.gcp.GoogleClients} builds the client from it, and {@link
 * io.dataflow.gcp.EmulatorChannel} is the shared gRPC channel to an emulator. {@link
 * io.dataflow.gcp.TransientFailures} is the one classifier of transient failures (HTTP and gRPC
 * statuses, network errors), which each adapter's retry policy extends with its own exceptions. The
 * retrying itself stays with the adapters (MicroProfile Fault Tolerance).
 */
package io.dataflow.gcp;
