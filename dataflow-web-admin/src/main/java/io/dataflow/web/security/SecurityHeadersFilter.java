package io.dataflow.web.security;

import io.dataflow.admin.AdminSettings;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.Config;

/**
 * Sets {@link SecurityHeaders} on every response of the console and API (pages, static resources
 * under /jakarta.faces.resource, the login page, the API, error dispatches), HSTS only over HTTPS,
 * cookies {@code Secure} over HTTPS ({@link SecureCookieResponse}), and, with {@code
 * dataflow.admin.redirect-to-https}, redirects plain-HTTP requests to HTTPS.
 */
@WebFilter(
    filterName = "security-headers",
    urlPatterns = "/*",
    dispatcherTypes = {
      DispatcherType.REQUEST,
      DispatcherType.FORWARD,
      DispatcherType.ERROR,
      DispatcherType.ASYNC
    })
public class SecurityHeadersFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Inject transient Config config;

  private boolean redirectToHttps;
  private int forwardedHops;
  private int httpsPort;

  @Override
  public void init() {
    if (config != null) {
      redirectToHttps = AdminSettings.REDIRECT_TO_HTTPS.read(config);
      forwardedHops = AdminSettings.FORWARDED_HOPS.read(config);
      httpsPort = config.getOptionalValue("https.port", Integer.class).orElse(9443);
    }
  }

  /** For tests: the settings without MicroProfile Config. */
  void configure(boolean redirectToHttps, int forwardedHops, int httpsPort) {
    this.redirectToHttps = redirectToHttps;
    this.forwardedHops = forwardedHops;
    this.httpsPort = httpsPort;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    boolean https = ClientAddress.isHttps(request, forwardedHops);
    SecurityHeaders.forRequest(https).forEach(response::setHeader);
    if (redirectToHttps && !https && httpsPort > 0) {
      response.setStatus(308);
      response.setHeader("Location", httpsUrl(request));
      return;
    }
    chain.doFilter(request, https ? new SecureCookieResponse(response) : response);
  }

  private String httpsUrl(HttpServletRequest request) {
    String host = request.getServerName();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    String query = request.getQueryString();
    return "https://"
        + host
        + (httpsPort == 443 ? "" : ":" + httpsPort)
        + request.getRequestURI()
        + (query == null ? "" : "?" + query);
  }
}
