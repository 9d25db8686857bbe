package io.dataflow.admin;

import java.time.Instant;

/**
 * The outcome of an operator action (flush, invalidate, demo start or stop), as written to the
 * audit log.
 *
 * @param action {@code archive.flush}, {@code archive.flush-all}, {@code cache.invalidate}, {@code
 *     demo.start} or {@code demo.stop}
 * @param target the group key or device id, {@code *} for all, or {@code demo-traffic}
 * @param done whether anything was flushed, invalidated, started or stopped
 * @param count groups flushed (1 or 0 for one group), entries invalidated (1 or 0), or 1 when the
 *     demo traffic was started or stopped
 * @param by the user who asked
 * @param at when
 */
public record AdminActionResult(
    String action, String target, boolean done, int count, String by, Instant at) {}
