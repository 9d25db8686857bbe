package io.dataflow.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A generated secret of an all-in-one server (the console's administrator password, the embedded
 * SQL store's password), kept in a file of the data directory that only the server's user can read,
 * so that it survives restarts and never appears in a log. The file is written once; what happens
 * when it is deleted is up to the secret's owner (a new administrator password is generated; the
 * SQL store refuses to open without its password).
 */
public final class SecretFile {
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  public static final int LENGTH = 20;

  private SecretFile() {}

  /**
   * The password in {@code file}; when the file is missing or blank, a new one of {@link #LENGTH}
   * characters is generated and written there (owner read and write only where the file system has
   * POSIX permissions).
   */
  public static String readOrCreate(Path file, SecureRandom random) throws IOException {
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

  public static String generate(SecureRandom random) {
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
