package io.dataflow.gcp;

import java.net.URI;
import java.util.Optional;

/**
 * Where a Google client connects. None: Google's own endpoint, with Application Default
 * Credentials. A local endpoint, an emulator or a wire-level fake, is written as a bare {@code
 * host:port} (as {@code PUBSUB_EMULATOR_HOST} and {@code FIRESTORE_EMULATOR_HOST} are) or as a
 * plain {@code http://} URL, and is reached in plaintext with no credentials. An {@code https://}
 * URL is another endpoint of the real service, and keeps the credentials: a TLS endpoint never
 * becomes a plaintext one.
 *
 * @param url the endpoint's URL; empty for Google's own
 * @param local whether it is an emulator or a fake (plaintext, no credentials)
 */
public record GoogleEndpoint(Optional<String> url, boolean local) {
  /** Google's own endpoint, with Application Default Credentials. */
  public static final GoogleEndpoint GOOGLE = new GoogleEndpoint(Optional.empty(), false);

  public GoogleEndpoint {
    if (url.isEmpty() && local) {
      throw new IllegalArgumentException("a local endpoint needs a URL");
    }
  }

  /** The endpoint a host setting names; Google's own when it is empty or blank. */
  public static GoogleEndpoint of(Optional<String> host) {
    return host.map(String::strip)
        .filter(h -> !h.isEmpty())
        .map(GoogleEndpoint::parse)
        .orElse(GOOGLE);
  }

  /**
   * Reads {@code host:port}, {@code http://host:port[/path]} or {@code https://host[:port][/path]}.
   *
   * @throws IllegalArgumentException for any other scheme, or no host
   */
  public static GoogleEndpoint parse(String host) {
    String h = host.strip();
    boolean tls = h.startsWith("https://");
    String url = tls || h.startsWith("http://") ? h : "http://" + h;
    if (!url.equals(h) && h.contains("://") || hostOf(url) == null) {
      throw new IllegalArgumentException(
          "Not a host:port, http:// or https:// URL: '" + host + "'");
    }
    return new GoogleEndpoint(Optional.of(url), !tls);
  }

  private static String hostOf(String url) {
    try {
      return URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether the client sends credentials: everywhere but to an emulator or fake. */
  public boolean usesCredentials() {
    return !local;
  }

  /**
   * The {@code host:port} of an emulator, for gRPC clients (Firestore, Pub/Sub).
   *
   * @throws IllegalStateException when this is not a local endpoint
   */
  public String emulatorHost() {
    if (!local) {
      throw new IllegalStateException(
          describe() + " is not an emulator: an emulator host is host:port or http://host:port");
    }
    return URI.create(url.orElseThrow()).getAuthority();
  }

  /** For log lines: "Google's endpoint", "the emulator or fake at ...", or the URL. */
  public String describe() {
    if (url.isEmpty()) {
      return "Google's endpoint";
    }
    return local ? "the emulator or fake at " + url.get() : url.get();
  }
}
