package io.dataflow.replay;

import java.io.IOException;

/** Dead-letter replay as the admin facade sees it. */
public interface DeadLetterReplay {
  /**
   * Replays the dead letters a request selects, or counts them in a dry run.
   *
   * @throws InvalidReplayRequestException when the request selects more than may be replayed at
   *     once
   * @throws IOException when the dead-letter store cannot be read or marked
   */
  ReplayResult replay(ReplayRequest request, String requestedBy)
      throws InvalidReplayRequestException, IOException;

  /** The most ids one request may list. */
  int maxIds();
}
