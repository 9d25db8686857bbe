package io.dataflow.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.Service;
import com.google.cloud.ServiceOptions;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

/**
 * Builds the Google clients of the adapters from {@link GoogleClientOptions}: GCS and BigQuery over
 * HTTP, Firestore over gRPC. Pub/Sub, whose clients are built from gax settings, reaches an
 * emulator through {@link EmulatorChannel}.
 */
public final class GoogleClients {
  private GoogleClients() {}

  /** A GCS client; the HTTP connect and read timeouts are the options' timeout. */
  public static Storage storage(GoogleClientOptions options) {
    return http(StorageOptions.newBuilder(), options).build().getService();
  }

  /** A BigQuery client; the HTTP connect and read timeouts are the options' timeout. */
  public static BigQuery bigQuery(GoogleClientOptions options) {
    return http(BigQueryOptions.newBuilder(), options).build().getService();
  }

  /**
   * A Firestore client of database {@code databaseId} whose calls give up after the options'
   * timeout. Against an emulator, the library itself uses plaintext and no credentials.
   */
  public static Firestore firestore(GoogleClientOptions options, String databaseId) {
    FirestoreOptions.Builder b =
        FirestoreOptions.newBuilder()
            .setDatabaseId(databaseId)
            .setRetrySettings(options.retrySettings());
    options.projectId().ifPresent(b::setProjectId);
    if (options.endpoint().url().isPresent()) {
      b.setEmulatorHost(options.endpoint().emulatorHost());
    }
    return b.build().getService();
  }

  private static <
          S extends Service<O>,
          O extends ServiceOptions<S, O>,
          B extends ServiceOptions.Builder<S, O, B>>
      B http(B b, GoogleClientOptions options) {
    int ms = options.timeoutMillis();
    b.setRetrySettings(options.retrySettings())
        .setTransportOptions(
            HttpTransportOptions.newBuilder().setConnectTimeout(ms).setReadTimeout(ms).build());
    options.projectId().ifPresent(b::setProjectId);
    GoogleEndpoint endpoint = options.endpoint();
    endpoint.url().ifPresent(b::setHost);
    if (!endpoint.usesCredentials()) {
      b.setCredentials(NoCredentials.getInstance());
    }
    return b;
  }
}
