package io.dataflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {
  private static String basic(String raw) {
    return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesUserAndPasswordWithColonsInThePassword() {
    assertThat(BasicCredentials.parse(basic("admin:pa:ss")))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getCaller()).isEqualTo("admin");
              assertThat(c.getPasswordAsString()).isEqualTo("pa:ss");
            });
  }

  @Test
  void ignoresOtherSchemesAndMalformedValues() {
    assertThat(BasicCredentials.parse(null)).isEmpty();
    assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
    assertThat(BasicCredentials.parse("Basic !!!notbase64")).isEmpty();
    assertThat(BasicCredentials.parse(basic("no-colon"))).isEmpty();
    assertThat(BasicCredentials.parse(basic(":no-user"))).isEmpty();
  }
}
