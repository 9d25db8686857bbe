package io.dataflow.web.console;

import io.dataflow.web.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;

/** Who is logged in, what they may do, and logging out. */
@Named("access")
@RequestScoped
public class ConsoleAccess {
  @Inject ExternalContext external;
  @Inject FacesContext faces;

  public String getUser() {
    Principal p = external.getUserPrincipal();
    return p == null ? "" : p.getName();
  }

  public boolean isAdmin() {
    return external.isUserInRole(Roles.ADMIN);
  }

  public String getRole() {
    return isAdmin() ? "admin" : "viewer";
  }

  /**
   * The user for an action, or null (with an error message on the page) when they are not an
   * administrator.
   */
  String adminOrDeny() {
    if (isAdmin()) {
      return getUser();
    }
    faces.addMessage(
        null,
        new FacesMessage(
            FacesMessage.SEVERITY_ERROR, "Not allowed", "This action needs the admin role."));
    return null;
  }

  public void logout() throws ServletException, IOException {
    ((HttpServletRequest) external.getRequest()).logout();
    external.invalidateSession();
    external.redirect(external.getRequestContextPath() + "/login.xhtml");
  }
}
