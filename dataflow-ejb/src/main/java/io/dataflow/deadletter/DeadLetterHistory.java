package io.dataflow.deadletter;

import java.util.List;

/**
 * The dead letters an operator sees: the most recent ones, newest first. The admin facade reads it
 * and assembles its own views.
 */
public interface DeadLetterHistory {
  /** The newest dead letters first, at most {@code limit}. */
  List<DeadLetter> recent(int limit);
}
