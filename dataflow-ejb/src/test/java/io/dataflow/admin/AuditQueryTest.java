package io.dataflow.admin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuditQueryTest {
  @Test
  void fromAfterToIsRefused() {
    assertThatThrownBy(
            () ->
                AuditQuery.parse(
                    null, null, null, null, "2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z", 10))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("from (2026-12-02T00:00:00Z) is after to (2026-12-01T00:00:00Z)");
  }

  @Test
  void anUnknownOutcomeAndALimitOutOfRangeAreRefused() {
    assertThatThrownBy(() -> AuditQuery.parse(null, null, null, "ok", null, null, 10))
        .hasMessage("unknown outcome 'ok'; one of done, no-op, refused, failed");
    assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, null, 0))
        .hasMessage("limit: 0 is not from 1 to 1000");
  }
}
