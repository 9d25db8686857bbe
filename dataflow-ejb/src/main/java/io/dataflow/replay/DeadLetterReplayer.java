package io.dataflow.replay;

import io.dataflow.bus.SubscriptionAddress;
import io.dataflow.deadletter.DeadLetter;
import io.dataflow.deadletter.DeadLetterStore;
import io.dataflow.deadletter.ReplayMark;
import io.dataflow.envelope.Envelope;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Replays dead letters into the input of the stage that rejected them. It selects them from the
 * whole {@link DeadLetterStore} (each dead letter once, even if its line was stored twice), refuses
 * those that cannot succeed again as they are, publishes each other one's original envelope (same
 * id, without its {@code dlq.*} attributes, with {@value #ATTR_REPLAY_OF} = the dead letter's id)
 * addressed to the stage's subscription only ({@link SubscriptionAddress}), and marks every one the
 * bus accepted as replayed.
 *
 * <p>A crash between a publish and its mark leaves the dead letter unmarked, so the same filter
 * replays it again: the warehouse writes by envelope id (BigQuery insertId, the embedded table's
 * key), so that is a duplicate delivery, not a duplicate row; the archive may then hold the record
 * twice.
 */
public final class DeadLetterReplayer {
  /** The attribute of a replayed envelope that names the dead letter it came from. */
  public static final String ATTR_REPLAY_OF = "dataflow.replay.of";

  /** Refusals listed in a result; all are counted. */
  public static final int REFUSALS_LISTED = 100;

  static final String INGESTION = "ingestion";
  private static final int PUBLISHES_IN_FLIGHT = 256;
  private static final Logger LOG = Logger.getLogger(DeadLetterReplayer.class.getName());

  private final DeadLetterStore store;
  private final ReplayRoutes routes;
  private final ReplayPublisher publisher;
  private final Set<String> refusedReasons;
  private final int maxRecords;
  private final Duration publishTimeout;
  private final Clock clock;

  public DeadLetterReplayer(
      DeadLetterStore store,
      ReplayRoutes routes,
      ReplayPublisher publisher,
      Set<String> refusedReasons,
      int maxRecords,
      Duration publishTimeout,
      Clock clock) {
    this.store = store;
    this.routes = routes;
    this.publisher = publisher;
    this.refusedReasons = Set.copyOf(refusedReasons);
    this.maxRecords = maxRecords;
    this.publishTimeout = publishTimeout;
    this.clock = clock;
  }

  /** The reasons of the setting {@link ReplaySettings#REFUSED_REASONS}. */
  public static Set<String> reasons(String commaSeparated) {
    Set<String> s = new java.util.TreeSet<>();
    for (String r : commaSeparated.split(",")) {
      if (!r.isBlank()) {
        s.add(r.trim());
      }
    }
    return s;
  }

  /**
   * Selects, checks and (unless a dry run) replays.
   *
   * @throws InvalidReplayRequestException when a replay selects more than {@code maxRecords}
   * @throws IOException when the store cannot be read or the marks cannot be written
   */
  public ReplayResult replay(ReplayRequest request, String by)
      throws InvalidReplayRequestException, IOException {
    Map<String, DeadLetter> selected = new LinkedHashMap<>();
    store.scan(
        d -> {
          if (request.selects(d, routes.stageOf(d.stage()))) {
            selected.putIfAbsent(d.id(), d);
          }
        });
    List<ReplayResult.Refusal> refused = new ArrayList<>();
    List<Selected> replayable = new ArrayList<>();
    for (DeadLetter d : selected.values()) {
      Optional<ReplayRoute> route = routes.of(d.stage());
      Optional<String> refusal = refusal(d, route, request);
      if (refusal.isPresent()) {
        refused.add(refusal(d, refusal.get()));
      } else {
        replayable.add(new Selected(d, route.orElseThrow()));
      }
    }
    if (request.dryRun()) {
      return result(selected.size(), replayable.size(), 0, refused, true);
    }
    if (replayable.size() > maxRecords) {
      throw new InvalidReplayRequestException(
          "the filter selects "
              + replayable.size()
              + " dead letters to replay, more than "
              + ReplaySettings.MAX_RECORDS.key()
              + "="
              + maxRecords
              + ": narrow it (from, to, stage, reason, deviceId or ids)");
    }
    List<ReplayMark> marks = publish(replayable, refused, by);
    store.markReplayed(marks);
    LOG.info(
        () ->
            "Replayed "
                + marks.size()
                + " of "
                + selected.size()
                + " selected dead letters ("
                + request.describe()
                + ") for "
                + by);
    return result(selected.size(), replayable.size(), marks.size(), refused, false);
  }

  private Optional<String> refusal(
      DeadLetter d, Optional<ReplayRoute> route, ReplayRequest request) {
    if (!request.includeReplayed()) {
      Optional<ReplayMark> mark = store.replayMark(d.id());
      if (mark.isPresent()) {
        return Optional.of(
            "already replayed at "
                + mark.get().at()
                + " by "
                + mark.get().by()
                + " (includeReplayed to replay it again)");
      }
    }
    if (d.stage().equals(INGESTION)) {
      return Optional.of(
          "an ingestion dead letter cannot be replayed: its input is the MQTT broker");
    }
    if (refusedReasons.contains(d.reason())) {
      return Optional.of(
          "reason "
              + d.reason()
              + " cannot succeed again as the envelope is ("
              + ReplaySettings.REFUSED_REASONS.key()
              + ")");
    }
    if (route.isEmpty()) {
      return Optional.of("no stage input is known for stage or subscription '" + d.stage() + "'");
    }
    return Optional.empty();
  }

  /**
   * The envelope to publish: the original, for the stage's subscription, naming its dead letter.
   */
  static Envelope replayed(DeadLetter d, ReplayRoute route) {
    return SubscriptionAddress.to(
        d.originalEnvelope().withAttribute(ATTR_REPLAY_OF, d.id()), route.subscription());
  }

  private List<ReplayMark> publish(
      List<Selected> replayable, List<ReplayResult.Refusal> refused, String by) {
    Semaphore window = new Semaphore(PUBLISHES_IN_FLIGHT);
    List<CompletableFuture<Void>> sent = new ArrayList<>(replayable.size());
    long deadline = System.nanoTime() + publishTimeout.toNanos();
    for (Selected s : replayable) {
      CompletableFuture<Void> f;
      try {
        if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          f = CompletableFuture.failedFuture(new TimeoutException("bus did not accept in time"));
        } else {
          CompletionStage<Void> published =
              publisher.publish(s.route().publishChannel(), replayed(s.deadLetter(), s.route()));
          f = published.toCompletableFuture();
          f.whenComplete((ok, e) -> window.release());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f = CompletableFuture.failedFuture(e);
      } catch (RuntimeException e) {
        window.release();
        f = CompletableFuture.failedFuture(e);
      }
      sent.add(f);
    }
    List<ReplayMark> marks = new ArrayList<>();
    for (int i = 0; i < replayable.size(); i++) {
      DeadLetter d = replayable.get(i).deadLetter();
      try {
        sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        marks.add(new ReplayMark(d.id(), clock.instant(), by));
      } catch (TimeoutException e) {
        refused.add(
            refusal(
                d,
                "the bus did not accept it within "
                    + publishTimeout
                    + " ("
                    + ReplaySettings.PUBLISH_TIMEOUT.key()
                    + "); not marked, it may still arrive"));
      } catch (ExecutionException e) {
        refused.add(refusal(d, "publish failed: " + e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        refused.add(refusal(d, "interrupted before the bus accepted it"));
      }
    }
    return marks;
  }

  private static ReplayResult.Refusal refusal(DeadLetter d, String why) {
    return new ReplayResult.Refusal(d.id(), d.envelope().id(), d.stage(), d.reason(), why);
  }

  private static ReplayResult result(
      int matched, int replayable, int replayed, List<ReplayResult.Refusal> refused, boolean dry) {
    return new ReplayResult(
        matched,
        replayable,
        replayed,
        refused.size(),
        List.copyOf(refused.subList(0, Math.min(REFUSALS_LISTED, refused.size()))),
        dry);
  }

  private record Selected(DeadLetter deadLetter, ReplayRoute route) {}
}
