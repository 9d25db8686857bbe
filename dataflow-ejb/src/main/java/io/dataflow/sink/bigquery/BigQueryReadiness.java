package io.dataflow.sink.bigquery;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.sink.batch.BatcherStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the BigQuery sink: DOWN once the row writer has been failing for longer than {@code
 * dataflow.bigquery.unhealthy-after}; reports the backlog either way.
 */
@Readiness
@ApplicationScoped
@StageComponent(Stage.BIGQUERY)
public class BigQueryReadiness implements HealthCheck {
  @Inject BigQueryStage channel;

  @Override
  public HealthCheckResponse call() {
    Duration limit = channel.settings().unhealthyAfter();
    WriterHealth health = channel.health();
    BatcherStats stats = channel.stats();
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("bigquery-sink")
            .status(health.healthy(limit))
            .withData("destination", channel.destination())
            .withData("pendingRows", stats.pendingRecords())
            .withData("writesInFlight", stats.writesInFlight())
            .withData("oldestPendingAgeSeconds", channel.oldestPendingAge().toSeconds());
    health
        .failingFor()
        .ifPresent(
            d ->
                b.withData("failingForSeconds", d.toSeconds())
                    .withData("lastError", health.lastError()));
    return b.build();
  }
}
