package io.dataflow.sink.bigquery;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.health.DetailedHealthCheck;
import io.dataflow.health.HealthReport;
import io.dataflow.sink.batch.BatcherStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the BigQuery sink: DOWN once the row writer has been failing for longer than {@code
 * dataflow.bigquery.unhealthy-after}; reports the backlog either way.
 */
@Readiness
@ApplicationScoped
@StageComponent(Stage.BIGQUERY)
public class BigQueryReadiness implements DetailedHealthCheck {
  @Inject BigQueryStage channel;

  @Override
  public HealthReport report() {
    Duration limit = channel.settings().unhealthyAfter();
    WriterHealth health = channel.health();
    BatcherStats stats = channel.stats();
    HealthReport.Builder b =
        HealthReport.named("bigquery-sink")
            .data("pendingRows", stats.pendingRecords())
            .data("writesInFlight", stats.writesInFlight())
            .data("oldestPendingAgeSeconds", channel.oldestPendingAge().toSeconds())
            .detail("destination", channel.destination());
    health
        .failingFor()
        .ifPresent(
            d ->
                b.data("failingForSeconds", d.toSeconds())
                    .data("reason", "writes failing for " + d.toSeconds() + " s")
                    .detail("lastError", health.lastError()));
    return b.build(health.healthy(limit));
  }
}
