package io.dataflow.deadletter;

import java.time.Instant;

/**
 * That a dead letter was replayed: it stays in the store, marked, so the console shows its state
 * and a second replay of the same filter leaves it out.
 *
 * @param deadLetterId the dead letter's {@link DeadLetter#id()}
 * @param at when its envelope was accepted by the bus again
 * @param by the user who asked
 */
public record ReplayMark(String deadLetterId, Instant at, String by) {}
