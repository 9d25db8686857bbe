package io.dataflow.admin;

import io.dataflow.admin.adapter.JsonlAuditStore;
import io.dataflow.config.DataDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The persistent audit trail: every operator action and security event is written to the {@link
 * AuditStore} ({@code <data-dir>/audit/audit.jsonl}, {@link JsonlAuditStore}) and, as before, as
 * one line to the logger {@code io.dataflow.audit} ({@link AuditLog}). An entry that cannot be
 * stored is logged SEVERE with the entry itself; the action it records has already happened, so its
 * answer is not turned into an error.
 */
@ApplicationScoped
public class AuditTrail {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

  @Inject DataDirectory dataDirectory;
  @Inject Config config;

  private AuditStore store;
  private JsonlAuditStore opened;

  /** A trail over a given store (tests and tools); the container uses field injection. */
  public static AuditTrail over(AuditStore store) {
    AuditTrail t = new AuditTrail();
    t.store = store;
    return t;
  }

  /** A trail that keeps entries in memory only (tests of the facade). */
  public static AuditTrail inMemory() {
    List<AuditEntry> entries = new ArrayList<>();
    return over(
        new AuditStore() {
          @Override
          public synchronized void append(AuditEntry entry) {
            entries.add(entry);
          }

          @Override
          public synchronized List<AuditEntry> find(AuditQuery query) {
            List<AuditEntry> found = new ArrayList<>();
            for (int i = entries.size() - 1; i >= 0 && found.size() < query.limit(); i--) {
              if (query.selects(entries.get(i))) {
                found.add(entries.get(i));
              }
            }
            return found;
          }
        });
  }

  @PostConstruct
  void open() {
    try {
      opened =
          new JsonlAuditStore(
              dataDirectory.resolve("audit"), AuditSettings.MAX_FILE_BYTES.read(config));
      store = opened;
      LOG.info("The audit trail is kept in " + opened.file());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the audit trail under the data directory", e);
    }
  }

  @PreDestroy
  void close() {
    if (opened != null) {
      try {
        opened.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Closing the audit trail failed", e);
      }
    }
  }

  /** Records an action's result (outcome done or no-op) and returns it. */
  public AdminActionResult record(AdminActionResult r, String detail) {
    AuditLog.record(r);
    append(AuditEntry.of(r, detail));
    return r;
  }

  /** Records an entry as it is (a refused or failed request, a security event). */
  public void record(AuditEntry e) {
    AuditLog.entry(e);
    append(e);
  }

  /**
   * Records a security event (such as {@code login.throttled}): the user name tried, the client
   * address as the target, outcome refused.
   */
  public void security(String event, String user, String client, int count) {
    String line = AuditLog.security(event, user, client, count);
    append(
        new AuditEntry(
            java.time.Instant.now(), user, event, client, AuditEntry.REFUSED, count, ""));
    LOG.finest(line);
  }

  /** The entries a query selects, newest first. */
  public List<AuditEntry> find(AuditQuery query) throws IOException {
    return store.find(query);
  }

  private void append(AuditEntry e) {
    try {
      store.append(e);
    } catch (IOException | RuntimeException ex) {
      LOG.log(Level.SEVERE, "Could not store the audit entry " + e, ex);
    }
  }
}
