package io.dataflow.web.console;

import io.dataflow.admin.AdminActionResult;
import io.dataflow.admin.ArchiveOverview;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.ProviderUnavailableException;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * The Archive page: pending groups, sortable, with Flush, Hold or Release, and Drop per row, and
 * Flush all (which leaves held groups alone).
 */
@Named("archiveView")
@ViewScoped
public class ArchiveView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject PipelineFacade facade;
  @Inject ConsoleAccess access;
  @Inject FacesContext faces;

  private String sortBy = GroupOrder.DEFAULT;
  private boolean ascending;
  private transient ArchiveOverview overview;

  public ArchiveOverview getOverview() {
    if (overview == null) {
      overview = facade.archive();
    }
    return overview;
  }

  public List<ArchiveOverview.Group> getGroups() {
    return getOverview().groups().stream().sorted(GroupOrder.by(sortBy, ascending)).toList();
  }

  public long getTotalRecords() {
    return getOverview().groups().stream().mapToLong(ArchiveOverview.Group::records).sum();
  }

  public long getTotalBytes() {
    return getOverview().groups().stream().mapToLong(ArchiveOverview.Group::rawBytes).sum();
  }

  /** Sorts by a column; sorting by the same column again reverses the order. */
  public void sort(String column) {
    if (!GroupOrder.isColumn(column)) {
      return;
    }
    ascending = column.equals(sortBy) ? !ascending : column.equals("key");
    sortBy = column;
  }

  /** The header arrow of a column: ▲, ▼ or nothing. */
  public String arrow(String column) {
    return column.equals(sortBy) ? (ascending ? "▲" : "▼") : "";
  }

  public void flush(String key) {
    String user = access.adminOrDeny();
    if (user == null) {
      return;
    }
    try {
      AdminActionResult r = facade.flush(key, user);
      Messages.info(faces, r.done() ? "Flushed " + key + "." : key + " was no longer pending.");
    } catch (ProviderUnavailableException e) {
      Messages.error(faces, e.getMessage());
    }
    overview = null;
  }

  public void hold(String key) {
    act(
        key,
        k -> facade.hold(k, access.getUser()),
        r -> r.done() ? "Holding " + key + "." : key + " was no longer pending.");
  }

  public void release(String key) {
    act(
        key,
        k -> facade.release(k, access.getUser()),
        r -> r.done() ? "Released " + key + "." : key + " was not held.");
  }

  public void drop(String key) {
    act(
        key,
        k -> facade.drop(k, access.getUser()),
        r ->
            r.done()
                ? "Dropped "
                    + key
                    + ": "
                    + r.count()
                    + " records sent to the dead letter (operator-drop)."
                : key + " was no longer pending.");
  }

  /** An action on one group: admins only, its message on the page, the figures read again. */
  private void act(
      String key,
      GroupAction action,
      java.util.function.Function<AdminActionResult, String> message) {
    if (access.adminOrDeny() == null) {
      return;
    }
    try {
      Messages.info(faces, message.apply(action.run(key)));
    } catch (ProviderUnavailableException e) {
      Messages.error(faces, e.getMessage());
    }
    overview = null;
  }

  @FunctionalInterface
  private interface GroupAction {
    AdminActionResult run(String key) throws ProviderUnavailableException;
  }

  public void flushAll() {
    String user = access.adminOrDeny();
    if (user == null) {
      return;
    }
    try {
      AdminActionResult r = facade.flushAll(user);
      Messages.info(faces, "Flushed " + r.count() + (r.count() == 1 ? " group." : " groups."));
    } catch (ProviderUnavailableException e) {
      Messages.error(faces, e.getMessage());
    }
    overview = null;
  }

  /** Drops the cached figures, so an ajax refresh shows the current groups. */
  public void refresh() {
    overview = null;
  }
}
