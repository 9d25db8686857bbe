package io.dataflow.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's users: an administrator (roles admin and viewer) and, optionally, a read-only
 * viewer. Passwords are kept only as SHA-256 digests and compared in constant time. When the
 * administrator has no configured password and the server runs all-in-one, a random one is
 * generated; {@link #generatedAdminPassword()} returns it once so that start-up can log it.
 */
public final class ConsoleUsers {
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int GENERATED_LENGTH = 20;

  private final Map<String, Entry> users = new HashMap<>();
  private String generated;

  private record Entry(byte[] digest, Set<String> groups) {}

  /**
   * @param adminUser the administrator's name
   * @param adminPassword the administrator's password, empty when not configured
   * @param viewerUser the viewer's name
   * @param viewerPassword the viewer's password; no viewer exists when empty
   * @param allInOne whether to generate an administrator password when none is configured
   * @param random the source of a generated password
   */
  public ConsoleUsers(
      String adminUser,
      Optional<String> adminPassword,
      String viewerUser,
      Optional<String> viewerPassword,
      boolean allInOne,
      SecureRandom random) {
    Optional<String> admin = adminPassword;
    if (admin.isEmpty() && allInOne) {
      generated = generate(random);
      admin = Optional.of(generated);
    }
    admin.ifPresent(
        p -> users.put(adminUser, new Entry(digest(p), Set.of(Roles.ADMIN, Roles.VIEWER))));
    if (viewerPassword.isPresent() && !viewerUser.equals(adminUser)) {
      users.put(viewerUser, new Entry(digest(viewerPassword.get()), Set.of(Roles.VIEWER)));
    }
  }

  /** The groups (equal to role names) of a user whose password matches; empty otherwise. */
  public Optional<Set<String>> authenticate(String user, String password) {
    Entry e = users.get(user);
    // Digest even for unknown users, so the time taken does not reveal which names exist.
    byte[] given = digest(password == null ? "" : password);
    if (e == null) {
      return Optional.empty();
    }
    return MessageDigest.isEqual(e.digest(), given) ? Optional.of(e.groups()) : Optional.empty();
  }

  /** Whether anyone can log in at all. */
  public boolean hasAdmin() {
    return users.values().stream().anyMatch(e -> e.groups().contains(Roles.ADMIN));
  }

  /** The generated administrator password, returned once (later calls return empty). */
  public synchronized Optional<String> generatedAdminPassword() {
    Optional<String> p = Optional.ofNullable(generated);
    generated = null;
    return p;
  }

  static String generate(SecureRandom random) {
    StringBuilder b = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  private static byte[] digest(String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
