package io.dataflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleUsersTest {
  private static ConsoleUsers users(Optional<String> admin, Optional<String> viewer) {
    return new ConsoleUsers("admin", admin, "viewer", viewer);
  }

  @Test
  void adminHasBothRolesAndViewerOnlyTheViewerRole() {
    ConsoleUsers u = users(Optional.of("s3cret-admin"), Optional.of("s3cret-viewer"));

    assertThat(u.authenticate("admin", "s3cret-admin"))
        .hasValueSatisfying(
            g -> assertThat(g).containsExactlyInAnyOrder(Roles.ADMIN, Roles.VIEWER));
    assertThat(u.authenticate("viewer", "s3cret-viewer"))
        .hasValueSatisfying(g -> assertThat(g).containsExactly(Roles.VIEWER));
  }

  @Test
  void wrongPasswordOrUnknownUserIsRejected() {
    ConsoleUsers u = users(Optional.of("s3cret-admin"), Optional.empty());

    assertThat(u.authenticate("admin", "s3cret-admiN")).isEmpty();
    assertThat(u.authenticate("admin", null)).isEmpty();
    assertThat(u.authenticate("nobody", "s3cret-admin")).isEmpty();
  }

  @Test
  void noViewerExistsWithoutAViewerPassword() {
    ConsoleUsers u = users(Optional.of("a"), Optional.empty());

    assertThat(u.authenticate("viewer", "")).isEmpty();
  }

  @Test
  void withoutAnAdminPasswordNobodyCanAdminister() {
    ConsoleUsers u = users(Optional.empty(), Optional.of("v"));

    assertThat(u.hasAdmin()).isFalse();
    assertThat(u.authenticate("admin", "")).isEmpty();
  }
}
