package io.dataflow.admin;

import java.io.IOException;
import java.util.List;

/** Durable, append-only storage of the audit trail. */
public interface AuditStore {
  /** Stores an entry durably before returning. */
  void append(AuditEntry entry) throws IOException;

  /** The entries a query selects, newest first, at most its limit. */
  List<AuditEntry> find(AuditQuery query) throws IOException;
}
