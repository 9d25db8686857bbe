package io.dataflow.web.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling, for login throttling and redirects: the TCP peer, unless {@code forwardedHops}
 * trusted proxies stand in front of the server, in which case the client is the {@code
 * forwardedHops}-th address from the right of {@code X-Forwarded-For} (each proxy appends the
 * address it saw; what the client itself sent is further left and is never trusted).
 */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(HttpServletRequest request, int forwardedHops) {
    return of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), forwardedHops);
  }

  static String of(String remoteAddr, String forwardedFor, int forwardedHops) {
    if (forwardedHops <= 0 || forwardedFor == null || forwardedFor.isBlank()) {
      return remoteAddr;
    }
    String[] hops = forwardedFor.split(",");
    int i = hops.length - forwardedHops;
    if (i < 0) {
      // Fewer entries than trusted proxies: the request did not come through all of them.
      return remoteAddr;
    }
    String a = hops[i].trim();
    return a.isEmpty() ? remoteAddr : a;
  }

  /**
   * Whether the request reached a trusted proxy over HTTPS: the server's own TLS, or {@code
   * X-Forwarded-Proto: https} when there are trusted proxies.
   */
  public static boolean isHttps(HttpServletRequest request, int forwardedHops) {
    if (request.isSecure()) {
      return true;
    }
    if (forwardedHops <= 0) {
      return false;
    }
    String proto = request.getHeader("X-Forwarded-Proto");
    if (proto == null) {
      return false;
    }
    String[] values = proto.split(",");
    return values[values.length - 1].trim().equalsIgnoreCase("https");
  }
}
