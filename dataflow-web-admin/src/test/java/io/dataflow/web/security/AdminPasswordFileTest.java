package io.dataflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordFileTest {
  @TempDir Path dir;

  @Test
  void aMissingFileGetsANewPasswordOnlyTheOwnerCanRead() throws Exception {
    Path file = dir.resolve("data/admin-password");

    String p = AdminPasswordFile.readOrCreate(file, new SecureRandom());

    assertThat(p).hasSize(AdminPasswordFile.LENGTH).matches("[A-Za-z0-9]+");
    assertThat(Files.readString(file).strip()).isEqualTo(p);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void anExistingPasswordIsKeptAcrossStarts() throws Exception {
    Path file = dir.resolve("admin-password");
    String first = AdminPasswordFile.readOrCreate(file, new SecureRandom());

    assertThat(AdminPasswordFile.readOrCreate(file, new SecureRandom())).isEqualTo(first);
  }

  @Test
  void aBlankFileIsReplacedByANewPassword() throws Exception {
    Path file = Files.writeString(dir.resolve("admin-password"), " \n");

    assertThat(AdminPasswordFile.readOrCreate(file, new SecureRandom()))
        .hasSize(AdminPasswordFile.LENGTH);
  }
}
