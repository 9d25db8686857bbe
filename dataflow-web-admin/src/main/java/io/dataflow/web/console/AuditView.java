package io.dataflow.web.console;

import io.dataflow.admin.AuditEntry;
import io.dataflow.admin.InvalidRequestException;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.ProviderUnavailableException;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** The Audit page: the persistent audit trail, newest first, filtered by user, action and time. */
@Named("auditView")
@ViewScoped
public class AuditView implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int SHOWN = 200;

  @Inject PipelineFacade facade;
  @Inject FacesContext faces;

  private String user = "";
  private String action = "";
  private String outcome = "";
  private String from = "";
  private String to = "";
  private transient List<AuditEntry> entries;

  public List<AuditEntry> getEntries() {
    if (entries == null) {
      try {
        entries = facade.auditEntries(user, action, null, outcome, from, to, SHOWN);
      } catch (InvalidRequestException | ProviderUnavailableException e) {
        Messages.error(faces, e.getMessage());
        entries = List.of();
      }
    }
    return entries;
  }

  public void refresh() {
    entries = null;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user == null ? "" : user.trim();
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action == null ? "" : action.trim();
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome == null ? "" : outcome;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from == null ? "" : from.trim();
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to == null ? "" : to.trim();
  }
}
