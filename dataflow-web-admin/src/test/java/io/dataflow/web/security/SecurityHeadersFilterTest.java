package io.dataflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SecurityHeadersFilterTest {
  private final Map<String, String> headers = new HashMap<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicBoolean chained = new AtomicBoolean();
  private final FilterChain chain = (req, res) -> chained.set(true);

  private final HttpServletResponse response =
      (HttpServletResponse)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (p, m, a) -> {
                switch (m.getName()) {
                  case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                  case "setStatus" -> status.set((Integer) a[0]);
                  default -> {}
                }
                return null;
              });

  private static HttpServletRequest request(boolean secure, Map<String, String> requestHeaders) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            SecurityHeadersFilterTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "isSecure" -> secure;
                  case "getHeader" -> requestHeaders.get((String) a[0]);
                  case "getServerName" -> "console.example";
                  case "getRequestURI" -> "/admin/index.xhtml";
                  case "getQueryString" -> "a=1";
                  case "getRemoteAddr" -> "127.0.0.1";
                  default -> null;
                });
  }

  private SecurityHeadersFilter filter(boolean redirect, int hops) {
    SecurityHeadersFilter f = new SecurityHeadersFilter();
    f.configure(redirect, hops, 9443);
    return f;
  }

  @Test
  void setsTheHeadersWithoutHstsOverHttp() throws Exception {
    filter(false, 0).doFilter(request(false, Map.of()), response, chain);

    assertThat(chained).isTrue();
    assertThat(headers)
        .containsEntry("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY)
        .containsEntry("X-Frame-Options", "DENY")
        .containsEntry("X-Content-Type-Options", "nosniff")
        .containsEntry("Referrer-Policy", "no-referrer")
        .doesNotContainKey("Strict-Transport-Security");
  }

  @Test
  void addsHstsOverHttps() throws Exception {
    filter(false, 0).doFilter(request(true, Map.of()), response, chain);

    assertThat(headers)
        .containsEntry("Strict-Transport-Security", SecurityHeaders.STRICT_TRANSPORT_SECURITY);
  }

  @Test
  void trustsXForwardedProtoOnlyBehindTrustedProxies() throws Exception {
    Map<String, String> forwarded = Map.of("X-Forwarded-Proto", "https");
    filter(false, 0).doFilter(request(false, forwarded), response, chain);
    assertThat(headers).doesNotContainKey("Strict-Transport-Security");

    filter(false, 1).doFilter(request(false, forwarded), response, chain);
    assertThat(headers).containsKey("Strict-Transport-Security");
  }

  @Test
  void theCspAllowsNoInlineScriptNorFraming() {
    assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY)
        .contains("script-src 'self';", "frame-ancestors 'none'", "default-src 'self'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
  }

  @Test
  void redirectsPlainHttpToHttpsWhenTold() throws Exception {
    filter(true, 0).doFilter(request(false, Map.of()), response, chain);

    assertThat(chained).isFalse();
    assertThat(status).hasValue(308);
    assertThat(headers)
        .containsEntry("Location", "https://console.example:9443/admin/index.xhtml?a=1");
  }

  @Test
  void doesNotRedirectHttps() throws Exception {
    filter(true, 0).doFilter(request(true, Map.of()), response, chain);

    assertThat(chained).isTrue();
    assertThat(status).hasValue(200);
  }
}
