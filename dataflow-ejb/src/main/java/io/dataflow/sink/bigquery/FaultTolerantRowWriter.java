package io.dataflow.sink.bigquery;

import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.sink.batch.WriteResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Retries transient write failures ({@link TransientWriteException}, as classified by {@link
 * InsertRetryPolicy}) with a jittered delay; other failures are not retried. The retried rows keep
 * their insertIds. Tune with the MicroProfile Fault Tolerance keys, e.g. {@code
 * io.dataflow.sink.bigquery.FaultTolerantRowWriter/write/Retry/maxRetries=8}.
 */
@ApplicationScoped
@StageComponent(Stage.BIGQUERY)
public class FaultTolerantRowWriter implements WriteInvoker {
  @Override
  @Retry(
      retryOn = TransientWriteException.class,
      maxRetries = 5,
      delay = 500,
      delayUnit = ChronoUnit.MILLIS,
      jitter = 400,
      jitterDelayUnit = ChronoUnit.MILLIS,
      maxDuration = 120,
      durationUnit = ChronoUnit.SECONDS)
  public WriteResult write(RowWriter writer, List<Row> rows) throws Exception {
    return writer.write(rows);
  }
}
