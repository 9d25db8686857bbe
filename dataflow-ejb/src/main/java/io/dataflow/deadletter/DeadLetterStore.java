package io.dataflow.deadletter;

import java.io.IOException;
import java.util.List;

/** Durable storage of dead letters, newest readable first. */
public interface DeadLetterStore {
  /** Stores a dead letter durably before returning. */
  void append(DeadLetter deadLetter) throws IOException;

  /** The newest dead letters first, at most {@code limit}. */
  List<DeadLetter> recent(int limit);
}
