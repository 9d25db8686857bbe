package io.dataflow.admin;

import java.util.logging.Logger;

/**
 * The audit log lines of operator actions: one line per flush, invalidation or replay, with who
 * asked, when, and what happened, on the logger {@code io.dataflow.audit} (so it can be routed to
 * its own file). The persistent trail that the console lists is {@link AuditTrail}.
 */
public final class AuditLog {
  private static final Logger LOG = Logger.getLogger("io.dataflow.audit");

  private AuditLog() {}

  /** Writes the action to the audit logger and returns it. */
  public static AdminActionResult record(AdminActionResult r) {
    LOG.info(line(r));
    return r;
  }

  /**
   * Writes a security event (such as {@code login.throttled}) to the audit logger, in the same form
   * as an action: the user name tried, the event, the client address as the target, and a count.
   */
  public static String security(String event, String user, String client, int count) {
    String line =
        line(new AdminActionResult(event, client, false, count, user, java.time.Instant.now()));
    LOG.warning(line);
    return line;
  }

  /** Writes any audit entry to the audit logger in the same form, with its outcome. */
  static void entry(AuditEntry e) {
    String line =
        "AUDIT at="
            + e.at()
            + " user="
            + quote(e.user())
            + " action="
            + e.action()
            + " target="
            + quote(e.target())
            + " outcome="
            + e.outcome()
            + " count="
            + e.count()
            + (e.detail().isEmpty() ? "" : " detail=" + quote(e.detail()));
    if (AuditEntry.DONE.equals(e.outcome()) || AuditEntry.NO_OP.equals(e.outcome())) {
      LOG.info(line);
    } else {
      LOG.warning(line);
    }
  }

  static String line(AdminActionResult r) {
    return "AUDIT at="
        + r.at()
        + " user="
        + quote(r.by())
        + " action="
        + r.action()
        + " target="
        + quote(r.target())
        + " done="
        + r.done()
        + " count="
        + r.count();
  }

  /** Quotes a value and escapes quotes and line breaks, so a crafted key cannot forge a line. */
  static String quote(String s) {
    String v = s == null ? "" : s;
    return '"'
        + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
        + '"';
  }
}
