/**
 * The one dead-letter path. Any stage hands a {@link io.dataflow.deadletter.DeadLetter} (stage,
 * reason, error, envelope) to {@link io.dataflow.deadletter.DeadLetterSink}; it travels on the
 * {@code dead-letter} topic of the bus like any envelope, and {@link
 * io.dataflow.deadletter.DeadLetterRecorder} keeps it in the {@link
 * io.dataflow.deadletter.DeadLetterStore} that the admin console lists: {@link
 * io.dataflow.deadletter.JsonlDeadLetterStore}, one envelope per line, append-safe (a torn tail is
 * cut off on open), rotated by size with a retention ({@link
 * io.dataflow.deadletter.DeadLetterSettings}), its history read back from the end of the files.
 */
package io.dataflow.deadletter;
