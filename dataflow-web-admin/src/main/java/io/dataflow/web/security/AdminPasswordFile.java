package io.dataflow.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The generated administrator password of an all-in-one server, kept in a file of the data
 * directory that only the server's user can read, so that it survives restarts and never appears in
 * a log. The file is written once; delete it to have a new password generated at the next start.
 */
final class AdminPasswordFile {
  static final String NAME = "admin-password";
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  static final int LENGTH = 20;

  private AdminPasswordFile() {}

  /**
   * The password in {@code file}; when the file is missing or blank, a new one of {@link #LENGTH}
   * characters is generated and written there (owner read and write only where the file system has
   * POSIX permissions).
   */
  static String readOrCreate(Path file, SecureRandom random) throws IOException {
    if (Files.exists(file)) {
      String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!stored.isEmpty()) {
        return stored;
      }
      Files.delete(file);
    }
    String password = generate(random);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      // Another start won the race: use its password.
      return readOrCreate(file, random);
    }
    Files.writeString(
        file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    return password;
  }

  static String generate(SecureRandom random) {
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
