package io.dataflow.web.security;

import java.util.Locale;
import java.util.Set;

/**
 * The CSRF rule of the REST API: a request that changes anything (any method but GET, HEAD and
 * OPTIONS) must carry the header {@value #HEADER}. A cross-site form or image cannot set a custom
 * header, and a cross-site script cannot send one without a CORS preflight, which this API never
 * grants. The rule applies whatever the authentication (session cookie, or Basic credentials that a
 * browser may have cached), so scripts always send it: {@code -H 'X-Requested-By: dataflow'}.
 */
public final class CsrfRule {
  public static final String HEADER = "X-Requested-By";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  private CsrfRule() {}

  /** Whether a request with this method and {@link #HEADER} value may proceed. */
  public static boolean permits(String method, String headerValue) {
    if (SAFE.contains(method.toUpperCase(Locale.ROOT))) {
      return true;
    }
    return headerValue != null && !headerValue.isBlank();
  }
}
