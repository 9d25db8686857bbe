package io.dataflow.sink.bigquery.adapter;

import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.InsertRetryPolicy;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowSchema;
import io.dataflow.sink.bigquery.RowWriter;
import io.dataflow.sink.bigquery.TransientWriteException;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded default: rows in an H2 database file, {@code <dir>/dataflow.mv.db}. The URL has
 * {@code AUTO_SERVER=TRUE}, so users (H2 Shell, any JDBC tool) can query it while the server runs.
 * (AUTO_SERVER forces H2's own JVM-exit hook, which may close the database before the sink's final
 * batch on a SIGTERM; that batch's messages are then nacked and come back from the bus.) Rows are
 * written with {@code MERGE ... KEY(MESSAGE_ID)}, so a redelivered row replaces itself instead of
 * being duplicated.
 *
 * <p>H2 has no redo log: a commit only marks the rows committed in memory, and its background
 * writer stores them up to {@code WRITE_DELAY} (500 ms) later, so a kill -9 in that window loses
 * committed rows. Each batch therefore ends with {@code CHECKPOINT SYNC} (store and fsync) before
 * {@link #write} returns, because the sink acks the batch's messages as soon as it does.
 */
public final class H2RowWriter implements RowWriter {
  private final String url;
  private final H2Table table;
  private final JdbcConnectionPool pool;

  /**
   * @param directory the directory of the database file, e.g. {@code <data-dir>/warehouse}
   * @param tableName the table name (upper-cased by H2)
   */
  public H2RowWriter(Path directory, String tableName) {
    this.url = url(directory);
    this.table = new H2Table(tableName);
    this.pool = JdbcConnectionPool.create(url, "sa", "");
    pool.setMaxConnections(16);
  }

  /** The JDBC URL of the database in {@code directory}. */
  public static String url(Path directory) {
    return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("dataflow") + ";AUTO_SERVER=TRUE";
  }

  public String url() {
    return url;
  }

  @Override
  public void prepare(RowSchema schema) throws SQLException {
    table.define(schema);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      for (String ddl : table.ddl()) {
        s.execute(ddl);
      }
    }
  }

  @Override
  public WriteResult write(List<Row> rows) throws SQLException, TransientWriteException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement merge = c.prepareStatement(table.mergeSql())) {
        for (Row row : rows) {
          table.bind(merge, row);
          merge.addBatch();
        }
        List<WriteResult.RecordFailure> failures = execute(merge);
        c.commit();
        sync(c);
        return failures.isEmpty() ? WriteResult.success() : WriteResult.rejected(failures);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        if (InsertRetryPolicy.isTransient(e)) {
          throw new TransientWriteException("writing to " + url + " failed: " + e, e);
        }
        throw e;
      }
    }
  }

  /** Stores the committed rows and forces them to disk, as the sink acks right after. */
  private static void sync(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    }
  }

  /** Runs the batch; rows H2 refuses (too long, constraint) are reported, the others kept. */
  private static List<WriteResult.RecordFailure> execute(PreparedStatement merge)
      throws SQLException {
    List<WriteResult.RecordFailure> failures = new ArrayList<>();
    try {
      merge.executeBatch();
    } catch (BatchUpdateException e) {
      int[] counts = e.getUpdateCounts();
      if (counts == null) {
        throw e;
      }
      SQLException next = e.getNextException();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == Statement.EXECUTE_FAILED) {
          String message = next == null ? e.getMessage() : next.getMessage();
          failures.add(new WriteResult.RecordFailure(i, "invalid", message));
          next = next == null ? null : next.getNextException();
        }
      }
      if (failures.isEmpty()) {
        throw e;
      }
    }
    return failures;
  }

  @Override
  public String destination() {
    return url + " table " + table.name();
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
