package io.dataflow.web.security;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** Parses an HTTP Basic {@code Authorization} header (RFC 7617, UTF-8). */
final class BasicCredentials {
  private BasicCredentials() {}

  static Optional<UsernamePasswordCredential> parse(String header) {
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith("basic ")) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      return Optional.of(
          new UsernamePasswordCredential(
              decoded.substring(0, colon), decoded.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
