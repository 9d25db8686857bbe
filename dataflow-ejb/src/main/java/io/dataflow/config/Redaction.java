package io.dataflow.config;

import java.util.regex.Pattern;

/** Removes secrets from text that an operator will see: a log line, an error, a health detail. */
public final class Redaction {
  /** {@code scheme://user:password@} (or {@code scheme://:password@}) inside any text. */
  private static final Pattern USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s:]*):([^/@\\s]*)@");

  private Redaction() {}

  /** Whether a setting's key names a secret (a password, a token, a secret). */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("token");
  }

  /** The text with every URL's password replaced by {@code ***}; the user name stays. */
  public static String credentialsInUrls(String text) {
    return text == null ? null : USER_INFO.matcher(text).replaceAll("$1$2:***@");
  }
}
