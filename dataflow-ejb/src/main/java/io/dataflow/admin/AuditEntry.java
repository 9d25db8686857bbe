package io.dataflow.admin;

import java.time.Instant;

/**
 * One line of the audit trail: who did what, when, to what, with which outcome.
 *
 * @param at when
 * @param user who asked (for a security event: the user name tried)
 * @param action {@code archive.flush}, {@code dead-letters.replay}, {@code login.throttled}, ...
 * @param target the group key, device id, filter or client address; {@code *} for all
 * @param outcome {@value #DONE}, {@value #NO_OP}, {@value #REFUSED} or {@value #FAILED}
 * @param count what the action counted: groups flushed, entries invalidated, dead letters replayed
 * @param detail why it was refused or failed, or a summary; empty when there is nothing to add
 */
public record AuditEntry(
    Instant at,
    String user,
    String action,
    String target,
    String outcome,
    long count,
    String detail) {
  /** The action changed something. */
  public static final String DONE = "done";

  /** The action was carried out and found nothing to change. */
  public static final String NO_OP = "no-op";

  /** The request was refused as given (bad input, throttled). */
  public static final String REFUSED = "refused";

  /** The action could not be carried out (its stage is off here, a store failed). */
  public static final String FAILED = "failed";

  public AuditEntry {
    user = user == null ? "" : user;
    target = target == null ? "" : target;
    detail = detail == null ? "" : detail;
  }

  /** The entry of an action's result. */
  static AuditEntry of(AdminActionResult r, String detail) {
    return new AuditEntry(
        r.at(), r.by(), r.action(), r.target(), r.done() ? DONE : NO_OP, r.count(), detail);
  }
}
