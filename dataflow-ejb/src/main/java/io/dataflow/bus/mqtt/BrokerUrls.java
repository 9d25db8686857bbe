package io.dataflow.bus.mqtt;

import java.net.URI;
import java.util.Locale;

/** What a broker URL or host says about where traffic goes. */
public final class BrokerUrls {
  private BrokerUrls() {}

  /**
   * Whether the URL's host is this machine's loopback interface ({@code localhost}, {@code
   * 127.0.0.0/8}, {@code ::1}), so that nothing sent there crosses a network. Names are not
   * resolved: any other name counts as beyond loopback.
   */
  public static boolean isLoopback(String url) {
    try {
      String host = URI.create(url.strip()).getHost();
      return host != null && isLoopbackHost(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether a host name or literal address is loopback, as {@link #isLoopback} decides it. */
  public static boolean isLoopbackHost(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
