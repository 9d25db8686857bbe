package io.dataflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {
  @Test
  void ignoresForwardedForUnlessProxiesAreTrusted() {
    assertThat(ClientAddress.of("10.1.1.1", "6.6.6.6", 0)).isEqualTo("10.1.1.1");
  }

  @Test
  void takesTheAddressTheTrustedProxyAppended() {
    assertThat(ClientAddress.of("10.1.1.1", "203.0.113.9", 1)).isEqualTo("203.0.113.9");
    // A client-supplied value is further left and is not used.
    assertThat(ClientAddress.of("10.1.1.1", "6.6.6.6, 203.0.113.9", 1)).isEqualTo("203.0.113.9");
    // Google Cloud load balancer: <client-supplied>, <client>, <load balancer>.
    assertThat(ClientAddress.of("10.1.1.1", "6.6.6.6, 203.0.113.9, 130.211.0.1", 2))
        .isEqualTo("203.0.113.9");
  }

  @Test
  void fallsBackToThePeerWhenTheHeaderIsMissingOrTooShort() {
    assertThat(ClientAddress.of("10.1.1.1", null, 1)).isEqualTo("10.1.1.1");
    assertThat(ClientAddress.of("10.1.1.1", "203.0.113.9", 2)).isEqualTo("10.1.1.1");
  }
}
