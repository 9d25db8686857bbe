package io.dataflow.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which audit entries to list: every criterion given must hold.
 *
 * @param user the user, exactly
 * @param action the action, exactly or as a prefix ending in a dot ({@code archive.})
 * @param target a part of the target
 * @param outcome the outcome
 * @param from at or after
 * @param to before
 * @param limit at most this many, the newest
 */
public record AuditQuery(
    Optional<String> user,
    Optional<String> action,
    Optional<String> target,
    Optional<String> outcome,
    Optional<Instant> from,
    Optional<Instant> to,
    int limit) {
  public static final int MAX_LIMIT = 1000;

  /**
   * Reads a query as it came in (blank = absent).
   *
   * @throws InvalidRequestException for an unreadable time, from after to, or a limit outside 1 to
   *     1000
   */
  public static AuditQuery parse(
      String user, String action, String target, String outcome, String from, String to, int limit)
      throws InvalidRequestException {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException("limit: " + limit + " is not from 1 to " + MAX_LIMIT);
    }
    Optional<Instant> f = instant("from", from);
    Optional<Instant> t = instant("to", to);
    if (f.isPresent() && t.isPresent() && f.get().isAfter(t.get())) {
      throw new InvalidRequestException("from (" + f.get() + ") is after to (" + t.get() + ")");
    }
    Optional<String> o = text(outcome).map(v -> v.toLowerCase(Locale.ROOT));
    if (o.isPresent()
        && !java.util.List.of(
                AuditEntry.DONE, AuditEntry.NO_OP, AuditEntry.REFUSED, AuditEntry.FAILED)
            .contains(o.get())) {
      throw new InvalidRequestException(
          "unknown outcome '" + o.get() + "'; one of done, no-op, refused, failed");
    }
    return new AuditQuery(text(user), text(action), text(target), o, f, t, limit);
  }

  /** Whether an entry is selected. */
  public boolean selects(AuditEntry e) {
    return user.map(u -> u.equals(e.user())).orElse(true)
        && action
            .map(a -> a.endsWith(".") ? e.action().startsWith(a) : a.equals(e.action()))
            .orElse(true)
        && target.map(t -> e.target().contains(t)).orElse(true)
        && outcome.map(o -> o.equals(e.outcome())).orElse(true)
        && from.map(f -> !e.at().isBefore(f)).orElse(true)
        && to.map(t -> e.at().isBefore(t)).orElse(true);
  }

  private static Optional<String> text(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static Optional<Instant> instant(String field, String v) throws InvalidRequestException {
    Optional<String> t = text(v);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(t.get()));
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          field + ": '" + t.get() + "' is not an ISO-8601 instant such as 2026-12-01T10:00:00Z");
    }
  }
}
