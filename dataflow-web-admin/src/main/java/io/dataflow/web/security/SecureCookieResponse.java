package io.dataflow.web.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The response of a request that came over HTTPS: every cookie added through it gets the {@code
 * Secure} attribute, whatever the server's static cookie configuration (which cannot tell an HTTPS
 * request from a plain one). The SSO cookie of a form login passes here, since the login runs
 * inside the filter chain.
 */
final class SecureCookieResponse extends HttpServletResponseWrapper {
  private static final Pattern SECURE =
      Pattern.compile("(^|;)\\s*secure\\s*(;|$)", Pattern.CASE_INSENSITIVE);

  SecureCookieResponse(HttpServletResponse response) {
    super(response);
  }

  @Override
  public void addCookie(Cookie cookie) {
    cookie.setSecure(true);
    super.addCookie(cookie);
  }

  @Override
  public void addHeader(String name, String value) {
    super.addHeader(name, secured(name, value));
  }

  @Override
  public void setHeader(String name, String value) {
    super.setHeader(name, secured(name, value));
  }

  static String secured(String name, String value) {
    if (value == null || !name.toLowerCase(Locale.ROOT).equals("set-cookie")) {
      return value;
    }
    return SECURE.matcher(value).find() ? value : value + "; Secure";
  }
}
