package io.dataflow.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The options, and the clients {@link GoogleClients} builds from them (no request is sent). */
class GoogleClientOptionsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(7);
  private static final GoogleClientOptions FAKE =
      GoogleClientOptions.of(Optional.of("p"), Optional.of("http://127.0.0.1:9023"), TIMEOUT);

  @Test
  void oneAttemptTurnsTheClientsRetriesOff() {
    assertThat(FAKE.attempts()).isEqualTo(1);
    assertThat(FAKE.retrySettings()).isEqualTo(ServiceOptions.getNoRetrySettings());
  }

  @Test
  void severalAttemptsStayWithinTheTimeout() {
    RetrySettings r = FAKE.withAttempts(3).retrySettings();

    assertThat(r.getMaxAttempts()).isEqualTo(3);
    assertThat(r.getTotalTimeoutDuration()).isEqualTo(TIMEOUT);
    assertThat(r.getInitialRpcTimeoutDuration()).isEqualTo(TIMEOUT);
    assertThat(r.getMaxRpcTimeoutDuration()).isEqualTo(TIMEOUT);
    assertThat(r.getInitialRetryDelayDuration()).isEqualTo(Duration.ofMillis(50));
    assertThat(r.getMaxRetryDelayDuration()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void withTimeoutKeepsTheRest() {
    GoogleClientOptions o = FAKE.withAttempts(2).withTimeout(Duration.ofSeconds(1));

    assertThat(o)
        .isEqualTo(
            new GoogleClientOptions(FAKE.projectId(), FAKE.endpoint(), Duration.ofSeconds(1), 2));
  }

  @Test
  void atLeastOneAttemptIsMade() {
    assertThatThrownBy(() -> FAKE.withAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempts");
  }

  @Test
  void gcsAgainstAFakeHasNoCredentialsNoRetriesAndTheTimeout() throws Exception {
    try (Storage storage = GoogleClients.storage(FAKE)) {
      var o = storage.getOptions();
      assertThat(o.getHost()).isEqualTo("http://127.0.0.1:9023");
      assertThat(o.getCredentials()).isSameAs(NoCredentials.getInstance());
      assertThat(o.getProjectId()).isEqualTo("p");
      assertThat(o.getRetrySettings().getMaxAttempts()).isEqualTo(1);
      HttpTransportOptions http = (HttpTransportOptions) o.getTransportOptions();
      assertThat(http.getConnectTimeout()).isEqualTo(7_000);
      assertThat(http.getReadTimeout()).isEqualTo(7_000);
    }
  }

  @Test
  void bigQueryAgainstAnEmulatorHostIsPlaintextWithoutCredentials() {
    BigQuery bigQuery =
        GoogleClients.bigQuery(
            GoogleClientOptions.of(Optional.of("p"), Optional.of("127.0.0.1:9050"), TIMEOUT));

    var o = bigQuery.getOptions();
    assertThat(o.getHost()).isEqualTo("http://127.0.0.1:9050");
    assertThat(o.getCredentials()).isSameAs(NoCredentials.getInstance());
    assertThat(o.getRetrySettings().getMaxAttempts()).isEqualTo(1);
    assertThat(((HttpTransportOptions) o.getTransportOptions()).getReadTimeout()).isEqualTo(7_000);
  }

  @Test
  void firestoreAgainstAnEmulatorUsesItsHostAndTheBoundedRetries() throws Exception {
    GoogleClientOptions o =
        GoogleClientOptions.of(Optional.of("p"), Optional.of("127.0.0.1:8080"), TIMEOUT)
            .withAttempts(3);
    try (Firestore firestore = GoogleClients.firestore(o, "db")) {
      var f = firestore.getOptions();
      assertThat(f.getEmulatorHost()).isEqualTo("127.0.0.1:8080");
      assertThat(f.getDatabaseId()).isEqualTo("db");
      assertThat(f.getProjectId()).isEqualTo("p");
      assertThat(f.getRetrySettings()).isEqualTo(o.retrySettings());
    }
  }

  @Test
  void firestoreRefusesAnHttpsEndpointAsItsEmulator() {
    GoogleClientOptions o =
        GoogleClientOptions.of(Optional.of("p"), Optional.of("https://firestore.example"), TIMEOUT);

    assertThatThrownBy(() -> GoogleClients.firestore(o, "db"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not an emulator");
  }

  @Test
  void anEmulatorChannelHasNoCredentials() throws Exception {
    try (EmulatorChannel channel = EmulatorChannel.open(GoogleEndpoint.parse("127.0.0.1:8085"))) {
      assertThat(channel.credentials().getCredentials()).isNull();
      assertThat(channel.channels().needsEndpoint()).isFalse();
    }
    assertThatThrownBy(() -> EmulatorChannel.open(GoogleEndpoint.parse("https://pubsub.example")))
        .isInstanceOf(IllegalStateException.class);
  }
}
