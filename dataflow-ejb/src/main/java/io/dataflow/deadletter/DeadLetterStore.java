package io.dataflow.deadletter;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Durable storage of dead letters, newest readable first, with the marks of those replayed. */
public interface DeadLetterStore {
  /** Stores a dead letter durably before returning. */
  void append(DeadLetter deadLetter) throws IOException;

  /** The newest dead letters first, at most {@code limit}. */
  List<DeadLetter> recent(int limit);

  /**
   * Hands every stored dead letter to {@code each}, oldest first (a line stored twice comes twice).
   */
  void scan(Consumer<DeadLetter> each) throws IOException;

  /** Marks dead letters as replayed, durably before returning. They are not deleted. */
  void markReplayed(Collection<ReplayMark> marks) throws IOException;

  /** The last replay of a dead letter, if it was replayed. */
  Optional<ReplayMark> replayMark(String deadLetterId);
}
