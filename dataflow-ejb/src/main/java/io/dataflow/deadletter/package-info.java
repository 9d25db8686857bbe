/**
 * The one dead-letter path. Any stage hands a {@link io.dataflow.deadletter.DeadLetter} (stage,
 * reason, error, envelope) to {@link io.dataflow.deadletter.DeadLetterSink}; it travels on the
 * {@code dead-letter} topic of the bus like any envelope, and {@link
 * io.dataflow.deadletter.DeadLetterRecorder} keeps it in the {@link
 * io.dataflow.deadletter.DeadLetterStore} that the admin console lists.
 */
package io.dataflow.deadletter;
