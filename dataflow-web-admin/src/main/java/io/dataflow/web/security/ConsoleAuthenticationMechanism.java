package io.dataflow.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One mechanism for both faces of the application (Jakarta Security 3 allows one per module):
 *
 * <ul>
 *   <li>the login page authenticates programmatically ({@code SecurityContext.authenticate}) and
 *       the session then carries the login ({@link AutoApplySession});
 *   <li>a request with an HTTP Basic header is authenticated by it (scripts);
 *   <li>an unauthenticated request to a protected page is redirected to the login page, one to the
 *       API gets a 401 with a Basic challenge;
 *   <li>every password check goes through the {@link LoginGuard}: a user name or client address
 *       that failed too often gets 429 with {@code Retry-After} until its lock ends, whatever the
 *       password.
 * </ul>
 */
@ApplicationScoped
@AutoApplySession
public class ConsoleAuthenticationMechanism implements HttpAuthenticationMechanism {
  static final String LOGIN_PAGE = "/login.xhtml";
  static final String API_PREFIX = "/api/";

  @Inject IdentityStoreHandler identityStores;
  @Inject LoginGuard guard;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    // Also on the answers written here (401, the redirect to the login page, 429), which no
    // filter sees.
    SecurityHeaders.forRequest(guard.https(request)).forEach(response::setHeader);
    Credential programmatic = context.getAuthParameters().getCredential();
    if (programmatic != null) {
      // A failed form login must not write a body: the login page shows the message.
      String user = caller(programmatic);
      Optional<Duration> locked = guard.lockedFor(user, request);
      if (locked.isPresent()) {
        guard.reject(request, response, user, locked.get(), false);
        return AuthenticationStatus.SEND_FAILURE;
      }
      return context.notifyContainerAboutLogin(checked(user, programmatic, request));
    }
    var basic = BasicCredentials.parse(request.getHeader("Authorization"));
    if (basic.isPresent()) {
      String user = basic.get().getCaller();
      Optional<Duration> locked = guard.lockedFor(user, request);
      if (locked.isPresent()) {
        guard.reject(request, response, user, locked.get(), true);
        return AuthenticationStatus.SEND_FAILURE;
      }
      CredentialValidationResult r = checked(user, basic.get(), request);
      if (r.getStatus() == CredentialValidationResult.Status.VALID) {
        return context.notifyContainerAboutLogin(r);
      }
      return challenge(request, response, context);
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    return challenge(request, response, context);
  }

  /** Validates the credential and tells the throttle how it went. */
  private CredentialValidationResult checked(
      String user, Credential credential, HttpServletRequest request) {
    CredentialValidationResult r = identityStores.validate(credential);
    if (r.getStatus() == CredentialValidationResult.Status.VALID) {
      guard.succeeded(user);
    } else {
      guard.failed(user, request);
    }
    return r;
  }

  private static String caller(Credential credential) {
    return credential instanceof UsernamePasswordCredential up ? up.getCaller() : "";
  }

  private AuthenticationStatus challenge(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    if (isApi(request)) {
      try {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Basic realm=\"dataflow\", charset=\"UTF-8\"");
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"authentication required\"}");
      } catch (IOException e) {
        // The client went away; the status is all it would have got.
      }
      return AuthenticationStatus.SEND_FAILURE;
    }
    String next =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return context.redirect(
        request.getContextPath()
            + LOGIN_PAGE
            + "?next="
            + URLEncoder.encode(next, StandardCharsets.UTF_8));
  }

  static boolean isApi(HttpServletRequest request) {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return path.startsWith(API_PREFIX) || path.equals("/api");
  }
}
