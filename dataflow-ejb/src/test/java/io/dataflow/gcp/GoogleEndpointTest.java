package io.dataflow.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoogleEndpointTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void noHostIsGooglesEndpointWithCredentials(String host) {
    GoogleEndpoint e = GoogleEndpoint.of(Optional.of(host));

    assertThat(e).isEqualTo(GoogleEndpoint.GOOGLE).isEqualTo(GoogleEndpoint.of(Optional.empty()));
    assertThat(e.url()).isEmpty();
    assertThat(e.usesCredentials()).isTrue();
    assertThat(e.local()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:8085, http://127.0.0.1:8085, 127.0.0.1:8085",
    "http://localhost:9050/, http://localhost:9050/, localhost:9050"
  })
  void anEmulatorHostOrAPlainHttpUrlIsPlaintextWithoutCredentials(
      String host, String url, String emulatorHost) {
    GoogleEndpoint e = GoogleEndpoint.of(Optional.of(host));

    assertThat(e.local()).isTrue();
    assertThat(e.usesCredentials()).isFalse();
    assertThat(e.url()).contains(url);
    assertThat(e.emulatorHost()).isEqualTo(emulatorHost);
  }

  @Test
  void anHttpsUrlKeepsTheCredentialsAndIsNoEmulator() {
    GoogleEndpoint e = GoogleEndpoint.parse("https://storage.example.com");

    assertThat(e.local()).isFalse();
    assertThat(e.usesCredentials()).isTrue();
    assertThat(e.url()).contains("https://storage.example.com");
    assertThatThrownBy(e::emulatorHost)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("https://storage.example.com")
        .hasMessageContaining("not an emulator");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://host:21", "http://", "host name:80"})
  void otherSchemesAndHostlessValuesAreRefused(String host) {
    assertThatThrownBy(() -> GoogleEndpoint.parse(host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(host);
  }

  @Test
  void describeSaysWhereTheClientConnects() {
    assertThat(GoogleEndpoint.GOOGLE.describe()).isEqualTo("Google's endpoint");
    assertThat(GoogleEndpoint.parse("127.0.0.1:1").describe())
        .isEqualTo("the emulator or fake at http://127.0.0.1:1");
  }
}
