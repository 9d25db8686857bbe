package io.dataflow.web.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.dataflow.admin.AdminSettings;
import io.dataflow.admin.AuditTrail;
import io.dataflow.admin.LoginMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The login throttle of the console and API ({@link LoginThrottle} with the {@code
 * dataflow.admin.login.*} settings): asks before a password is checked, counts the failures, and
 * answers a throttled attempt with HTTP 429 and {@code Retry-After}, a counter ({@link
 * LoginMetrics}, tag {@code channel} = form or basic) and an audit line {@code
 * action=login.throttled}.
 */
@ApplicationScoped
public class LoginGuard {

  /** Request attribute set on a throttled form login: the seconds to wait (for the page). */
  public static final String RETRY_AFTER_ATTRIBUTE = "io.dataflow.login.retryAfter";

  @Inject Config config;
  @Inject LoginMetrics metrics;
  @Inject AuditTrail audit;

  private LoginThrottle throttle;
  private int forwardedHops;

  @PostConstruct
  void init() {
    throttle =
        new LoginThrottle(
            AdminSettings.LOGIN_MAX_FAILURES.read(config),
            AdminSettings.LOGIN_WINDOW.read(config),
            AdminSettings.LOGIN_LOCKOUT.read(config),
            Ticker.systemTicker());
    forwardedHops = AdminSettings.FORWARDED_HOPS.read(config);
  }

  /** The client address of the request, as the throttle counts it. */
  public String client(HttpServletRequest request) {
    return ClientAddress.of(request, forwardedHops);
  }

  /** Whether the request came over HTTPS, to the server or to a trusted proxy. */
  public boolean https(HttpServletRequest request) {
    return ClientAddress.isHttps(request, forwardedHops);
  }

  public Optional<Duration> lockedFor(String user, HttpServletRequest request) {
    return throttle.lockedFor(user, client(request));
  }

  public void failed(String user, HttpServletRequest request) {
    throttle.recordFailure(user, client(request));
  }

  public void succeeded(String user) {
    throttle.recordSuccess(user);
  }

  /**
   * Answers a throttled attempt: 429 with {@code Retry-After} (whole seconds, rounded up); for the
   * API also a JSON body. The form login writes no body here: the login page shows the message.
   */
  public void reject(
      HttpServletRequest request,
      HttpServletResponse response,
      String user,
      Duration retryAfter,
      boolean api) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    String channel = api ? "basic" : "form";
    metrics.throttled(channel);
    audit.security("login.throttled", user, client(request), 1);
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(seconds));
    request.setAttribute(RETRY_AFTER_ATTRIBUTE, seconds);
    if (api) {
      try {
        response.setContentType("application/json");
        response
            .getWriter()
            .write("{\"error\":\"too many failed logins; retry after " + seconds + " seconds\"}");
      } catch (IOException e) {
        // The client went away; the status is all it would have got.
      }
    }
  }
}
