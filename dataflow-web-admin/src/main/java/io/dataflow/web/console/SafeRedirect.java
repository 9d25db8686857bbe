package io.dataflow.web.console;

/**
 * Where to go after logging in: the page that asked for the login, if it is a path inside this
 * application; the dashboard otherwise (no open redirect to another site).
 */
final class SafeRedirect {
  static final String HOME = "/index.xhtml";

  private SafeRedirect() {}

  static String target(String next) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.contains("\\")
        || next.contains("://")
        || next.startsWith("/api/")
        || next.startsWith("/login.xhtml")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return HOME;
    }
    return next;
  }
}
