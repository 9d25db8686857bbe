/**
 * JMH benchmarks of the enrich lookup: an L1 hit through the stage's lookup against a bare Caffeine
 * get, and the cold path against a real Redis (batched MGET against one GET per message). They
 * report figures; they assert nothing. See docs/benchmarks.md.
 */
package io.dataflow.bench;
