package io.dataflow.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's users: an administrator (roles admin and viewer) and, optionally, a read-only
 * viewer. Passwords are kept only as SHA-256 digests and compared in constant time.
 */
public final class ConsoleUsers {
  private final Map<String, Entry> users = new HashMap<>();

  private record Entry(byte[] digest, Set<String> groups) {}

  /**
   * @param adminUser the administrator's name
   * @param adminPassword the administrator's password, empty when not configured
   * @param viewerUser the viewer's name
   * @param viewerPassword the viewer's password; no viewer exists when empty
   */
  public ConsoleUsers(
      String adminUser,
      Optional<String> adminPassword,
      String viewerUser,
      Optional<String> viewerPassword) {
    adminPassword.ifPresent(
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

  private static byte[] digest(String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
