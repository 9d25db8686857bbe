package io.dataflow.admin.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.admin.AuditEntry;
import io.dataflow.admin.AuditQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlAuditStoreTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
  @TempDir Path dir;

  private static AuditEntry entry(int minute, String user, String action, String outcome) {
    return new AuditEntry(
        T.plusSeconds(60L * minute), user, action, "target-" + minute, outcome, minute, "d");
  }

  private static AuditQuery all(int limit) throws Exception {
    return AuditQuery.parse(null, null, null, null, null, null, limit);
  }

  @Test
  void entriesSurviveReopeningAndComeBackNewestFirstWithEveryField() throws Exception {
    JsonlAuditStore store = new JsonlAuditStore(dir, 1 << 20);
    store.append(entry(1, "alice", "archive.flush", AuditEntry.DONE));
    store.append(entry(2, "bob", "dead-letters.replay", AuditEntry.REFUSED));
    store.close();

    List<AuditEntry> found = new JsonlAuditStore(dir, 1 << 20).find(all(10));

    assertThat(found)
        .containsExactly(
            entry(2, "bob", "dead-letters.replay", AuditEntry.REFUSED),
            entry(1, "alice", "archive.flush", AuditEntry.DONE));
  }

  @Test
  void theFiltersSelectByUserActionPrefixOutcomeAndTime() throws Exception {
    JsonlAuditStore store = new JsonlAuditStore(dir, 1 << 20);
    store.append(entry(1, "alice", "archive.flush", AuditEntry.DONE));
    store.append(entry(2, "alice", "archive.flush-all", AuditEntry.NO_OP));
    store.append(entry(3, "bob", "dead-letters.replay", AuditEntry.DONE));

    assertThat(store.find(AuditQuery.parse("alice", null, null, null, null, null, 10))).hasSize(2);
    assertThat(store.find(AuditQuery.parse(null, "archive.", null, null, null, null, 10)))
        .hasSize(2);
    assertThat(store.find(AuditQuery.parse(null, "archive.flush", null, null, null, null, 10)))
        .hasSize(1);
    assertThat(store.find(AuditQuery.parse(null, null, null, "done", null, null, 10))).hasSize(2);
    assertThat(
            store.find(
                AuditQuery.parse(
                    null, null, null, null, "2026-12-01T10:02:00Z", "2026-12-01T10:03:00Z", 10)))
        .extracting(AuditEntry::count)
        .containsExactly(2L);
    assertThat(store.find(all(1))).extracting(AuditEntry::count).containsExactly(3L);
  }

  @Test
  void aFullFileIsRenamedNotDeletedAndQueriesReadAllFiles() throws Exception {
    JsonlAuditStore store = new JsonlAuditStore(dir, 64 * 1024);
    for (int i = 0; i < 1000; i++) {
      store.append(entry(i, "alice", "cache.invalidate", AuditEntry.DONE));
    }

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("audit.jsonl", "audit-000001.jsonl");
    }
    assertThat(store.find(all(1000))).hasSize(1000);
  }

  @Test
  void aTornLastLineIsCutAtOpenAndTheNextEntryStartsALine() throws Exception {
    JsonlAuditStore store = new JsonlAuditStore(dir, 1 << 20);
    store.append(entry(1, "alice", "archive.flush", AuditEntry.DONE));
    store.close();
    Files.write(
        dir.resolve("audit.jsonl"),
        "{\"at\":\"2026-".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);

    JsonlAuditStore reopened = new JsonlAuditStore(dir, 1 << 20);
    reopened.append(entry(2, "bob", "archive.flush", AuditEntry.DONE));

    assertThat(reopened.find(all(10))).extracting(AuditEntry::user).containsExactly("bob", "alice");
  }
}
