package io.dataflow.admin;

import java.time.Instant;

/**
 * The outcome of an operator action (flush, invalidate), as written to the audit log.
 *
 * @param action {@code archive.flush}, {@code archive.flush-all} or {@code cache.invalidate}
 * @param target the group key or device id, or {@code *} for all
 * @param done whether anything was flushed or invalidated
 * @param count groups flushed (1 or 0 for one group), or entries invalidated (1 or 0)
 * @param by the user who asked
 * @param at when
 */
public record AdminActionResult(
    String action, String target, boolean done, int count, String by, Instant at) {}
