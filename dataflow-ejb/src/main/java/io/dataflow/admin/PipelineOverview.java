package io.dataflow.admin;

import java.time.Instant;
import java.util.List;

/**
 * The whole pipeline at a glance.
 *
 * @param at when the figures were read
 * @param health {@code DOWN} when any enabled stage is down, else {@code UP}
 * @param stages every known stage, enabled or not
 */
public record PipelineOverview(Instant at, String health, List<StageOverview> stages) {}
