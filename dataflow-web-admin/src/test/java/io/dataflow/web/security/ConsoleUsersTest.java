package io.dataflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleUsersTest {
  private static ConsoleUsers users(
      Optional<String> admin, Optional<String> viewer, boolean allInOne) {
    return new ConsoleUsers("admin", admin, "viewer", viewer, allInOne, new SecureRandom());
  }

  @Test
  void adminHasBothRolesAndViewerOnlyTheViewerRole() {
    ConsoleUsers u = users(Optional.of("s3cret-admin"), Optional.of("s3cret-viewer"), false);

    assertThat(u.authenticate("admin", "s3cret-admin"))
        .hasValueSatisfying(
            g -> assertThat(g).containsExactlyInAnyOrder(Roles.ADMIN, Roles.VIEWER));
    assertThat(u.authenticate("viewer", "s3cret-viewer"))
        .hasValueSatisfying(g -> assertThat(g).containsExactly(Roles.VIEWER));
  }

  @Test
  void wrongPasswordOrUnknownUserIsRejected() {
    ConsoleUsers u = users(Optional.of("s3cret-admin"), Optional.empty(), false);

    assertThat(u.authenticate("admin", "s3cret-admiN")).isEmpty();
    assertThat(u.authenticate("admin", null)).isEmpty();
    assertThat(u.authenticate("nobody", "s3cret-admin")).isEmpty();
  }

  @Test
  void noViewerExistsWithoutAViewerPassword() {
    ConsoleUsers u = users(Optional.of("a"), Optional.empty(), false);

    assertThat(u.authenticate("viewer", "")).isEmpty();
  }

  @Test
  void allInOneWithoutPasswordGeneratesOneThatWorksAndIsHandedOutOnce() {
    ConsoleUsers u = users(Optional.empty(), Optional.empty(), true);

    Optional<String> generated = u.generatedAdminPassword();
    assertThat(generated).hasValueSatisfying(p -> assertThat(p).hasSize(20));
    assertThat(u.authenticate("admin", generated.get())).isPresent();
    assertThat(u.generatedAdminPassword()).isEmpty();
  }

  @Test
  void distributedModeWithoutPasswordHasNoAdminAndGeneratesNothing() {
    ConsoleUsers u = users(Optional.empty(), Optional.empty(), false);

    assertThat(u.hasAdmin()).isFalse();
    assertThat(u.generatedAdminPassword()).isEmpty();
    assertThat(u.authenticate("admin", "")).isEmpty();
  }

  @Test
  void aConfiguredPasswordIsNeverReplacedByAGeneratedOne() {
    ConsoleUsers u = users(Optional.of("chosen"), Optional.empty(), true);

    assertThat(u.generatedAdminPassword()).isEmpty();
    assertThat(u.authenticate("admin", "chosen")).isPresent();
  }
}
