package io.dataflow.admin;

import java.util.List;

/**
 * Which dead letters to replay (the body of {@code POST /admin/api/dead-letters/replay}); every
 * field is optional and every criterion given must hold.
 *
 * @param stage the stage that dead-lettered them: ingestion, enrich, bigquery or archive
 * @param reason the reason code, e.g. {@code unknown-device}
 * @param deviceId the device
 * @param from dead-lettered at or after this ISO-8601 instant
 * @param to dead-lettered before this ISO-8601 instant
 * @param ids dead-letter ids or envelope ids
 * @param dryRun count only
 * @param includeReplayed also select dead letters that were replayed already
 */
public record DeadLetterReplayFilter(
    String stage,
    String reason,
    String deviceId,
    String from,
    String to,
    List<String> ids,
    boolean dryRun,
    boolean includeReplayed) {}
