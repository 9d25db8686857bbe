package io.dataflow.web.console;

import io.dataflow.admin.DeadLetterReplayFilter;
import io.dataflow.admin.DeadLetterReplayOutcome;
import io.dataflow.admin.DeadLetterView;
import io.dataflow.admin.InvalidRequestException;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.ProviderUnavailableException;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Dead letters page: the most recent first, filterable by stage, reason and device, each with
 * its replay state; a dry-run count and a replay (of the rows ticked, or of everything the filter
 * and the time range select in the whole store) for administrators.
 */
@Named("deadLetters")
@ViewScoped
public class DeadLettersView implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int SHOWN = 200;

  @Inject PipelineFacade facade;
  @Inject ConsoleAccess access;
  @Inject FacesContext faces;

  private String stage = "";
  private String reason = "";
  private String deviceId = "";
  private String from = "";
  private String to = "";
  private final Map<String, Boolean> selected = new HashMap<>();
  private transient List<DeadLetterView> recent;

  private List<DeadLetterView> recent() {
    if (recent == null) {
      recent = facade.deadLetters(SHOWN);
    }
    return recent;
  }

  public List<DeadLetterView> getItems() {
    return DeadLetterFilter.apply(recent(), stage, reason, deviceId);
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

  /** Ticked rows by dead-letter id. */
  public Map<String, Boolean> getSelected() {
    return selected;
  }

  /** The dead-letter ids ticked. */
  List<String> selectedIds() {
    return selected.entrySet().stream()
        .filter(e -> Boolean.TRUE.equals(e.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  public int getSelectedCount() {
    return selectedIds().size();
  }

  /** Counts what a replay of the filter (and the ticked rows, if any) would select. */
  public void dryRun() {
    run(true, selectedIds());
  }

  /** Replays the ticked rows. */
  public void replaySelected() {
    List<String> ids = selectedIds();
    if (ids.isEmpty()) {
      Messages.error(faces, "Tick the dead letters to replay first.");
      return;
    }
    run(false, ids);
  }

  /** Replays everything the filter selects in the whole store. */
  public void replayMatching() {
    run(false, List.of());
  }

  private void run(boolean dryRun, List<String> ids) {
    String user = access.adminOrDeny();
    if (user == null) {
      return;
    }
    try {
      DeadLetterReplayOutcome r =
          facade.replayDeadLetters(
              new DeadLetterReplayFilter(stage, reason, deviceId, from, to, ids, dryRun, false),
              user);
      Messages.info(faces, ReplaySummary.of(r));
      if (!dryRun) {
        selected.clear();
      }
    } catch (InvalidRequestException | ProviderUnavailableException e) {
      Messages.error(faces, e.getMessage());
    }
    recent = null;
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

  public String getDeviceId() {
    return deviceId;
  }

  public void setDeviceId(String deviceId) {
    this.deviceId = deviceId == null ? "" : deviceId.trim();
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

  public void refresh() {
    recent = null;
  }
}
