package io.dataflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void theUrlPasswordIsMaskedWhereverTheUrlIsInTheText() {
    assertThat(Redaction.credentialsInUrls("redis://:s3cret@cache:6379/0"))
        .isEqualTo("redis://:***@cache:6379/0");
    assertThat(Redaction.credentialsInUrls("failed: rediss://app:p%40ss@10.0.0.3:6380 refused"))
        .isEqualTo("failed: rediss://app:***@10.0.0.3:6380 refused");
    assertThat(Redaction.credentialsInUrls("two tcp://a:b@h1 and ssl://c:d@h2"))
        .isEqualTo("two tcp://a:***@h1 and ssl://c:***@h2");
  }

  @Test
  void textWithoutCredentialsIsUnchanged() {
    assertThat(Redaction.credentialsInUrls("tcp://127.0.0.1:1883"))
        .isEqualTo("tcp://127.0.0.1:1883");
    assertThat(Redaction.credentialsInUrls("user@example.com wrote"))
        .isEqualTo("user@example.com wrote");
    assertThat(Redaction.credentialsInUrls(null)).isNull();
  }
}
