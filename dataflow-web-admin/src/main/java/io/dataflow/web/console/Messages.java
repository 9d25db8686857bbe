package io.dataflow.web.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** Short feedback messages on the page. */
final class Messages {
  private Messages() {}

  static void info(FacesContext faces, String summary) {
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, summary, null));
  }

  static void error(FacesContext faces, String summary) {
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, summary, null));
  }
}
