package io.dataflow.sink.bigquery.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.envelope.Envelope;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink acks a batch as soon as {@link H2RowWriter#write} returns, so the rows must survive a
 * process that dies right after it: a child JVM writes a batch and halts (no shutdown hooks, no
 * database close, the same as kill -9), and the rows must be in the file afterwards.
 */
class H2RowWriterCrashTest {
  private static final int ROWS = 500;
  private static final String WRITTEN = "written";

  @TempDir Path dir;

  @Test
  void rowsOfAReturnedWriteSurviveAHaltRightAfterIt() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                H2RowWriterCrashTest.class.getName(),
                warehouse.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(output).as("child output").contains(WRITTEN);
    assertThat(child.exitValue())
        .as("child halted with 0 after the write; output: " + output)
        .isZero();

    try (Connection c =
            DriverManager.getConnection(
                H2RowWriter.url(warehouse), H2RowWriter.USER, H2RowWriter.readPassword(warehouse));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM TELEMETRY")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(ROWS);
    }
  }

  /** The child: one batch through the writer, then halt as soon as the write returns. */
  public static void main(String[] args) throws Exception {
    DefaultRowTransformer transformer = new DefaultRowTransformer();
    H2RowWriter writer = new H2RowWriter(Paths.get(args[0]), "telemetry");
    writer.prepare(transformer.schema());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Envelope e = TrackedMessage.of("id-" + i, "dev-" + i).getPayload();
      rows.add(transformer.toRow(e));
    }
    writer.write(rows);
    System.out.println(WRITTEN);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
