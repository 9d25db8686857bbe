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

/** The Archive page: pending groups, sortable, with Flush per row and Flush all. */
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
