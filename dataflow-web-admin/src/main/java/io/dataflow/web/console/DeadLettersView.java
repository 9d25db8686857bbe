package io.dataflow.web.console;

import io.dataflow.admin.DeadLetterView;
import io.dataflow.admin.PipelineFacade;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** The Dead letters page: the most recent first, filterable by stage and reason. */
@Named("deadLetters")
@ViewScoped
public class DeadLettersView implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int SHOWN = 200;

  @Inject PipelineFacade facade;

  private String stage = "";
  private String reason = "";
  private transient List<DeadLetterView> recent;

  private List<DeadLetterView> recent() {
    if (recent == null) {
      recent = facade.deadLetters(SHOWN);
    }
    return recent;
  }

  public List<DeadLetterView> getItems() {
    return DeadLetterFilter.apply(recent(), stage, reason);
  }

  public int getTotal() {
    return recent().size();
  }

  public List<String> getStages() {
    return DeadLetterFilter.values(recent(), DeadLetterView::stage);
  }

  public List<String> getReasons() {
    return DeadLetterFilter.values(recent(), DeadLetterView::reason);
  }

  public String getStage() {
    return stage;
  }

  public void setStage(String stage) {
    this.stage = stage == null ? "" : stage;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason == null ? "" : reason;
  }

  public void refresh() {
    recent = null;
  }
}
