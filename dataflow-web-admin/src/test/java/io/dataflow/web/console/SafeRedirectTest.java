package io.dataflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeRedirectTest {
  @Test
  void goesBackToAPageOfThisApplication() {
    assertThat(SafeRedirect.target("/archive.xhtml")).isEqualTo("/archive.xhtml");
  }

  @Test
  void neverLeavesTheApplication() {
    assertThat(SafeRedirect.target(null)).isEqualTo(SafeRedirect.HOME);
    assertThat(SafeRedirect.target("https://evil.example/")).isEqualTo(SafeRedirect.HOME);
    assertThat(SafeRedirect.target("//evil.example/")).isEqualTo(SafeRedirect.HOME);
    assertThat(SafeRedirect.target("/\\evil.example")).isEqualTo(SafeRedirect.HOME);
    assertThat(SafeRedirect.target("/x\r\nSet-Cookie: a=b")).isEqualTo(SafeRedirect.HOME);
    assertThat(SafeRedirect.target("/api/pipeline")).isEqualTo(SafeRedirect.HOME);
  }
}
