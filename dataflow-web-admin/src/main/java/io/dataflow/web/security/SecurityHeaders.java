package io.dataflow.web.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security headers of every console and API response. The server sets the simple ones on every
 * response of its HTTP endpoint ({@code <headers>} in liberty/server.xml), which also covers what
 * the application never sees (login redirects of the authentication mechanism, error pages,
 * /health, /metrics), and a framing-only policy where none was set; the console's strict policy and
 * HSTS, which only the application can limit to HTTPS, come from here.
 */
public final class SecurityHeaders {
  /**
   * No inline script or style anywhere: the pages use only the console's static .js and .css (Faces
   * resources), their event handlers are attached by console.js, and the ajax calls go through
   * faces.js.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none';"
          + " form-action 'self'; base-uri 'none'";

  /** One year, and for subdomains: only ever sent over HTTPS. */
  public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

  private SecurityHeaders() {}

  /** The headers of a response to a request that came over HTTPS or not. */
  public static Map<String, String> forRequest(boolean https) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.put("X-Frame-Options", "DENY");
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
    if (https) {
      h.put("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    }
    return h;
  }
}
