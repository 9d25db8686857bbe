package io.dataflow.deadletter;

import java.util.List;
import java.util.Optional;

/**
 * The dead letters an operator sees: the most recent ones, newest first. The admin facade reads it
 * and assembles its own views.
 */
public interface DeadLetterHistory {
  /** The newest dead letters first, at most {@code limit}. */
  List<DeadLetter> recent(int limit);

  /** The last replay of a dead letter, if it was replayed; none by default. */
  default Optional<ReplayMark> replayMark(String deadLetterId) {
    return Optional.empty();
  }
}
