package io.dataflow.web.console;

import io.dataflow.web.security.LoginGuard;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The login form: authenticates through the application's mechanism, then goes on. */
@Named("login")
@RequestScoped
public class LoginView {
  @Inject SecurityContext security;
  @Inject ExternalContext external;
  @Inject FacesContext faces;

  private String user;
  private String password;
  private String next;

  public void login() throws IOException {
    AuthenticationStatus status =
        security.authenticate(
            (HttpServletRequest) external.getRequest(),
            (HttpServletResponse) external.getResponse(),
            AuthenticationParameters.withParams()
                .newAuthentication(true)
                .credential(new UsernamePasswordCredential(user, password)));
    if (status == AuthenticationStatus.SUCCESS) {
      external.redirect(external.getRequestContextPath() + SafeRedirect.target(next));
      faces.responseComplete();
    } else if (external.getRequestMap().get(LoginGuard.RETRY_AFTER_ATTRIBUTE) instanceof Long s) {
      // Throttled: the response is already a 429 with Retry-After; the page says why.
      Messages.error(faces, "Too many failed logins. Try again in " + s + " seconds.");
    } else if (status != AuthenticationStatus.SEND_CONTINUE) {
      Messages.error(faces, "Wrong user name or password.");
    }
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getNext() {
    return next;
  }

  public void setNext(String next) {
    this.next = next;
  }
}
