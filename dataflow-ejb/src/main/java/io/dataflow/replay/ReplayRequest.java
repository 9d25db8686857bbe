package io.dataflow.replay;

import io.dataflow.config.Stage;
import io.dataflow.deadletter.DeadLetter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which dead letters to replay: every criterion given must hold (an absent one holds for all).
 *
 * @param stage the stage that dead-lettered them (a subscription's dead letters count as its
 *     stage's)
 * @param reason the reason code
 * @param deviceId the envelope's device
 * @param from dead-lettered at or after
 * @param to dead-lettered before
 * @param ids dead-letter ids or envelope ids; empty for any
 * @param dryRun count only, publish nothing
 * @param includeReplayed select dead letters already replayed too (left out, and reported, by
 *     default)
 */
public record ReplayRequest(
    Optional<String> stage,
    Optional<String> reason,
    Optional<String> deviceId,
    Optional<Instant> from,
    Optional<Instant> to,
    Set<String> ids,
    boolean dryRun,
    boolean includeReplayed) {

  public ReplayRequest {
    ids = Set.copyOf(ids);
  }

  /**
   * Checks a request as it came in (blank = absent).
   *
   * @throws InvalidReplayRequestException for an unknown stage, an unreadable time, {@code from}
   *     after {@code to}, more than {@code maxIds} ids, or a replay (not a dry run) without any
   *     criterion
   */
  public static ReplayRequest parse(
      String stage,
      String reason,
      String deviceId,
      String from,
      String to,
      List<String> ids,
      boolean dryRun,
      boolean includeReplayed,
      int maxIds)
      throws InvalidReplayRequestException {
    Optional<String> s = text(stage).map(v -> v.toLowerCase(Locale.ROOT));
    if (s.isPresent()
        && Arrays.stream(Stage.values()).noneMatch(x -> x.configName().equals(s.get()))) {
      throw new InvalidReplayRequestException(
          "unknown stage '"
              + s.get()
              + "'; one of "
              + Arrays.stream(Stage.values())
                  .map(Stage::configName)
                  .collect(Collectors.joining(", ")));
    }
    Optional<Instant> f = instant("from", from);
    Optional<Instant> t = instant("to", to);
    if (f.isPresent() && t.isPresent() && f.get().isAfter(t.get())) {
      throw new InvalidReplayRequestException(
          "from (" + f.get() + ") is after to (" + t.get() + ")");
    }
    Set<String> idSet = new LinkedHashSet<>();
    if (ids != null) {
      for (String id : ids) {
        text(id).ifPresent(idSet::add);
      }
    }
    if (idSet.size() > maxIds) {
      throw new InvalidReplayRequestException(
          "too many ids: "
              + idSet.size()
              + " given, at most "
              + maxIds
              + " ("
              + ReplaySettings.MAX_IDS.key()
              + ")");
    }
    ReplayRequest r =
        new ReplayRequest(s, text(reason), text(deviceId), f, t, idSet, dryRun, includeReplayed);
    if (!dryRun && r.selectsAll()) {
      throw new InvalidReplayRequestException(
          "a replay needs at least one of stage, reason, deviceId, from, to, ids"
              + " (a dry run may count them all)");
    }
    return r;
  }

  /** Whether no criterion is given. */
  public boolean selectsAll() {
    return stage.isEmpty()
        && reason.isEmpty()
        && deviceId.isEmpty()
        && from.isEmpty()
        && to.isEmpty()
        && ids.isEmpty();
  }

  /** Whether a dead letter, whose stage resolves to {@code resolvedStage}, is selected. */
  boolean selects(DeadLetter d, String resolvedStage) {
    return stage.map(s -> s.equals(resolvedStage)).orElse(true)
        && reason.map(r -> r.equals(d.reason())).orElse(true)
        && deviceId.map(id -> id.equals(d.envelope().deviceId())).orElse(true)
        && from.map(f -> !d.deadLetteredAt().isBefore(f)).orElse(true)
        && to.map(t -> d.deadLetteredAt().isBefore(t)).orElse(true)
        && (ids.isEmpty() || ids.contains(d.id()) || ids.contains(d.envelope().id()));
  }

  /** The criteria in one line, for the audit trail. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    stage.ifPresent(v -> b.append(" stage=").append(v));
    reason.ifPresent(v -> b.append(" reason=").append(v));
    deviceId.ifPresent(v -> b.append(" deviceId=").append(v));
    from.ifPresent(v -> b.append(" from=").append(v));
    to.ifPresent(v -> b.append(" to=").append(v));
    if (!ids.isEmpty()) {
      b.append(" ids=").append(ids.size());
    }
    if (includeReplayed) {
      b.append(" includeReplayed");
    }
    return b.isEmpty() ? "all" : b.substring(1);
  }

  private static Optional<String> text(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static Optional<Instant> instant(String field, String v)
      throws InvalidReplayRequestException {
    Optional<String> t = text(v);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(t.get()));
    } catch (DateTimeParseException e) {
      throw new InvalidReplayRequestException(
          field + ": '" + t.get() + "' is not an ISO-8601 instant such as 2026-12-01T10:00:00Z");
    }
  }
}
