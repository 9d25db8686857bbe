package io.dataflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
  @TempDir Path dir;

  @Test
  void aMissingFileGetsANewPasswordOnlyTheOwnerCanRead() throws Exception {
    Path file = dir.resolve("data/admin-password");

    String p = SecretFile.readOrCreate(file, new SecureRandom());

    assertThat(p).hasSize(SecretFile.LENGTH).matches("[A-Za-z0-9]+");
    assertThat(Files.readString(file).strip()).isEqualTo(p);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void anExistingPasswordIsKeptAcrossStarts() throws Exception {
    Path file = dir.resolve("admin-password");
    String first = SecretFile.readOrCreate(file, new SecureRandom());

    assertThat(SecretFile.readOrCreate(file, new SecureRandom())).isEqualTo(first);
  }

  @Test
  void aBlankFileIsReplacedByANewPassword() throws Exception {
    Path file = Files.writeString(dir.resolve("admin-password"), " \n");

    assertThat(SecretFile.readOrCreate(file, new SecureRandom())).hasSize(SecretFile.LENGTH);
  }
}
