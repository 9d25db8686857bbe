package io.dataflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsrfRuleTest {
  @Test
  void readsNeedNoHeader() {
    assertThat(CsrfRule.permits("GET", null)).isTrue();
    assertThat(CsrfRule.permits("head", null)).isTrue();
    assertThat(CsrfRule.permits("OPTIONS", null)).isTrue();
  }

  @Test
  void mutationsWithoutTheHeaderAreRefused() {
    assertThat(CsrfRule.permits("POST", null)).isFalse();
    assertThat(CsrfRule.permits("DELETE", "  ")).isFalse();
    assertThat(CsrfRule.permits("PUT", null)).isFalse();
  }

  @Test
  void mutationsWithTheHeaderPass() {
    assertThat(CsrfRule.permits("POST", "dataflow")).isTrue();
  }
}
