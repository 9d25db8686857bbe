package io.dataflow.bus.local;

import io.dataflow.bus.BusBacklog;
import io.dataflow.concurrent.Heartbeats;
import io.dataflow.config.DataDirectory;
import io.dataflow.envelope.Envelope;
import io.dataflow.metrics.MetricCatalog;
import io.dataflow.metrics.PipelineMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The in-JVM bus: named topics, created on first use, each with its subscriptions. With journal
 * options, every topic keeps a write-ahead journal in its own sub-directory (see {@link
 * TopicJournal}); without, messages live in memory only.
 */
@ApplicationScoped
public class LocalBus implements BusBacklog {
  private static final Logger LOG = Logger.getLogger(LocalBus.class.getName());
  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private final ConcurrentMap<String, LocalTopic> topics = new ConcurrentHashMap<>();
  private final JournalOptions journal;
  private final JournalFiles files;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final Set<String> subscriptionGauges = ConcurrentHashMap.newKeySet();
  // Whether start-up is over (startupComplete): from then on topics open with retention on.
  private volatile boolean started;
  private final Heartbeats heartbeats;

  /** A bus without a journal (tests, tools). */
  public LocalBus() {
    this(null, PipelineMetrics.unregistered(), Clock.systemUTC());
  }

  /** A bus whose topics are journaled with these options, or in memory only when null. */
  public LocalBus(JournalOptions journal, PipelineMetrics metrics, Clock clock) {
    this(journal, metrics, clock, JournalFiles.DEFAULT);
  }

  /** A journaled bus whose segment files are opened by {@code files} (tests inject faults). */
  LocalBus(JournalOptions journal, PipelineMetrics metrics, Clock clock, JournalFiles files) {
    this(journal, metrics, clock, files, Heartbeats.unobserved());
  }

  /** A journaled bus whose journal flushers {@code heartbeats} watches. */
  LocalBus(
      JournalOptions journal,
      PipelineMetrics metrics,
      Clock clock,
      JournalFiles files,
      Heartbeats heartbeats) {
    this.journal = journal;
    this.files = files;
    this.metrics = metrics;
    this.clock = clock;
    this.heartbeats = heartbeats;
    if (journal != null) {
      journal.checkDirectory();
      LOG.info(() -> "Local bus journal in " + journal.directory());
    }
  }

  @Inject
  public LocalBus(
      Config config,
      DataDirectory data,
      PipelineMetrics metrics,
      Clock clock,
      Heartbeats heartbeats) {
    this(
        JournalSettings.ENABLED.read(config)
            ? JournalOptions.from(config, data.resolve("bus"))
            : null,
        metrics,
        clock,
        JournalFiles.DEFAULT,
        heartbeats);
  }

  public LocalTopic topic(String name) {
    return topics.computeIfAbsent(name, this::create);
  }

  private LocalTopic create(String name) {
    if (journal == null) {
      return new LocalTopic(name);
    }
    if (!TOPIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Local topic name " + name + " is not usable as a journal directory name");
    }
    TopicJournal j =
        TopicJournal.open(
            name, journal.directory().resolve(name), journal, files, clock, heartbeats);
    Tag topic = new Tag("topic", name);
    metrics.gauge(MetricCatalog.JOURNAL_BYTES, j::bytes, topic);
    metrics.gauge(MetricCatalog.JOURNAL_OLDEST_UNACKED_AGE, j::oldestUnackedAgeSeconds, topic);
    // Fixed once the journal has been read on opening.
    metrics.count(MetricCatalog.JOURNAL_CORRUPT_SKIPPED, topic).add(j.corruptFramesSkipped());
    metrics.count(MetricCatalog.JOURNAL_CORRUPT_SKIPPED_BYTES, topic).add(j.skippedBytes());
    for (String subscription : j.subscriptions()) {
      registerSubscriptionGauges(name, subscription, j);
    }
    if (started) {
      warnUnattached(name, j);
      j.startRetention();
    }
    return new LocalTopic(name, j);
  }

  /** The per-subscription gauges of a journaled topic, once per subscription. */
  private void registerSubscriptionGauges(String topicName, String subscription, TopicJournal j) {
    if (!subscriptionGauges.add(topicName + "/" + subscription)) {
      return;
    }
    Tag[] tags = {new Tag("topic", topicName), new Tag("subscription", subscription)};
    metrics.gauge(MetricCatalog.JOURNAL_BACKLOG, () -> j.backlog(subscription), tags);
    metrics.gauge(MetricCatalog.JOURNAL_ATTACHED, () -> j.isAttached(subscription) ? 1 : 0, tags);
    metrics.bind(j.droppedCount(subscription), MetricCatalog.JOURNAL_RETENTION_DROPPED, tags);
  }

  /**
   * The end of start-up, once every channel has subscribed: opens the journal of every topic found
   * on disk, warns about each journaled subscription that no channel attached to (naming its
   * backlog), and from now on lets retention cut those subscriptions (see {@link TopicJournal}).
   * Topics opened later are treated alike when they open.
   */
  public void startupComplete() {
    if (journal == null || started) {
      return;
    }
    List<LocalTopic> before =
        topics().stream().sorted(Comparator.comparing(LocalTopic::name)).toList();
    started = true;
    for (LocalTopic t : before) {
      t.journal()
          .ifPresent(
              j -> {
                warnUnattached(t.name(), j);
                j.startRetention();
              });
    }
    // Topics no channel uses: opening them (see create) warns about and cuts their subscriptions.
    for (String name : topicsOnDisk()) {
      try {
        topic(name);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Cannot open the journal of local topic " + name, e);
      }
    }
  }

  private void warnUnattached(String topicName, TopicJournal j) {
    j.unattached()
        .forEach(
            (subscription, backlog) ->
                LOG.warning(
                    "Local topic "
                        + topicName
                        + ": journaled subscription "
                        + subscription
                        + " has no consumer: no channel attached to it during start-up (its stage"
                        + " is off here, or its channel or subscription was renamed). It holds "
                        + backlog
                        + " unacked messages and keeps every new one until journal retention ("
                        + JournalSettings.RETENTION_BYTES.key()
                        + "="
                        + journal.retentionBytes()
                        + ", "
                        + JournalSettings.RETENTION_AGE.key()
                        + "="
                        + journal.retentionAge()
                        + ") deletes them, which it logs and counts in"
                        + " dataflow_bus_journal_retention_dropped. Subscribe a channel to it"
                        + " (mp.messaging.incoming.CHANNEL.subscription="
                        + subscription
                        + ") to consume them."));
  }

  /** Names of the topic directories under the journal directory that hold segments. */
  private List<String> topicsOnDisk() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(journal.directory())) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (Files.isDirectory(d)
            && TOPIC_NAME.matcher(name).matches()
            && !SegmentLog.list(d).isEmpty()) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Cannot list the local bus journal in " + journal.directory(), e);
    }
    names.sort(null);
    return names;
  }

  /**
   * The named subscription of a topic, created with these limits if it does not exist yet.
   * Deliveries that exhaust their attempts are published to {@code deadLetterTopic}.
   */
  public LocalSubscription subscribe(
      String topicName,
      String subscriptionName,
      int capacity,
      int maxInFlight,
      int maxAttempts,
      Duration redeliveryDelay,
      String deadLetterTopic) {
    LocalTopic topic = topic(topicName);
    LocalSubscription subscription =
        topic.subscription(
            subscriptionName,
            () ->
                new LocalSubscription(
                    topicName,
                    subscriptionName,
                    capacity,
                    maxInFlight,
                    maxAttempts,
                    redeliveryDelay,
                    dead -> publishDeadLetter(deadLetterTopic, dead)));
    topic.journal().ifPresent(j -> registerSubscriptionGauges(topicName, subscriptionName, j));
    return subscription;
  }

  public Collection<LocalTopic> topics() {
    return List.copyOf(topics.values());
  }

  /** Messages queued on any subscription and not yet handed to its consumer. */
  @Override
  public long queued() {
    return stats().stream().mapToLong(SubscriptionStats::depth).sum();
  }

  public List<SubscriptionStats> stats() {
    return topics.values().stream()
        .flatMap(t -> t.subscriptions().stream())
        .map(LocalSubscription::stats)
        .toList();
  }

  /**
   * What keeps the journals from writing, naming each directory and its error (e.g. {@code journal
   * /data/bus/raw: No space left on device}), while the last write of some journal failed; empty
   * when they all write. Publishes to such a topic fail meanwhile (the producer retries).
   */
  public Optional<String> storageProblem() {
    String problems =
        topics.values().stream()
            .sorted(Comparator.comparing(LocalTopic::name))
            .flatMap(t -> t.journal().flatMap(TopicJournal::storageProblem).stream())
            .collect(Collectors.joining("; "));
    return problems.isEmpty() ? Optional.empty() : Optional.of(problems);
  }

  /** The topics whose journal cannot write now, by name. */
  public List<String> topicsWithStorageProblems() {
    return topics.values().stream()
        .filter(t -> t.journal().flatMap(TopicJournal::storageProblem).isPresent())
        .map(LocalTopic::name)
        .sorted()
        .toList();
  }

  /** Whether topics are journaled (else messages live in memory only). */
  public boolean journaled() {
    return journal != null;
  }

  /** Forces every journal to disk and stops its flusher (graceful stop). */
  @PreDestroy
  public void close() {
    topics.values().forEach(t -> t.journal().ifPresent(TopicJournal::close));
  }

  /** Stops every journal without forcing anything, as a crash would (tests). */
  void abandon() {
    topics.values().forEach(t -> t.journal().ifPresent(TopicJournal::abandon));
  }

  private boolean publishDeadLetter(String deadLetterTopic, Envelope dead) {
    try {
      topic(deadLetterTopic).publish(dead);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(
          Level.SEVERE,
          "Interrupted while dead-lettering envelope " + dead.id() + " to " + deadLetterTopic);
    } catch (RuntimeException e) {
      LOG.log(
          Level.SEVERE, "Cannot dead-letter envelope " + dead.id() + " to " + deadLetterTopic, e);
    }
    return false;
  }
}
