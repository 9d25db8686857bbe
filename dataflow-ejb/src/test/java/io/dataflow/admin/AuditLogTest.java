package io.dataflow.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  @Test
  void lineNamesUserActionTargetAndTime() {
    String line =
        AuditLog.line(
            new AdminActionResult(
                "archive.flush",
                "2026/11/25/berlin",
                true,
                1,
                "alice",
                Instant.parse("2026-11-25T10:00:00Z")));

    assertThat(line)
        .isEqualTo(
            "AUDIT at=2026-11-25T10:00:00Z user=\"alice\" action=archive.flush"
                + " target=\"2026/11/25/berlin\" done=true count=1");
  }

  @Test
  void aTargetWithLineBreaksCannotForgeASecondLine() {
    String line =
        AuditLog.line(
            new AdminActionResult(
                "cache.invalidate", "x\"\nAUDIT fake", false, 0, "bob", Instant.EPOCH));

    assertThat(line).doesNotContain("\n").contains("target=\"x\\\"\\nAUDIT fake\"");
  }

  @Test
  void aThrottledLoginIsALineWithTheUserNameTriedAndTheClientAddress() {
    // The user name is what the client sent: quoted like any target, so it cannot forge a line.
    String line = AuditLog.security("login.throttled", "adm\"\nAUDIT x", "203.0.113.9", 1);

    assertThat(line)
        .startsWith("AUDIT at=")
        .contains(
            "user=\"adm\\\"\\nAUDIT x\" action=login.throttled target=\"203.0.113.9\""
                + " done=false count=1")
        .doesNotContain("\n");
  }
}
