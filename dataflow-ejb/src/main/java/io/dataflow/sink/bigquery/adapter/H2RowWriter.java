package io.dataflow.sink.bigquery.adapter;

import io.dataflow.config.SecretFile;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.InsertRetryPolicy;
import io.dataflow.sink.bigquery.Row;
import io.dataflow.sink.bigquery.RowSchema;
import io.dataflow.sink.bigquery.RowWriter;
import io.dataflow.sink.bigquery.SchemaDifference;
import io.dataflow.sink.bigquery.SchemaUpdate;
import io.dataflow.sink.bigquery.TransientWriteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded default: rows in an H2 database file, {@code <dir>/dataflow.mv.db}. The URL has
 * {@code AUTO_SERVER=TRUE}, so users (H2 Shell, any JDBC tool) can query it while the server runs.
 * (AUTO_SERVER forces H2's own JVM-exit hook, which may close the database before the sink's final
 * batch on a SIGTERM; that batch's messages are then nacked and come back from the bus.) Rows are
 * written with {@code MERGE ... KEY(MESSAGE_ID)}, so a redelivered row replaces itself instead of
 * being duplicated.
 *
 * <p>No side door: the AUTO_SERVER listener binds loopback only (H2 reads {@code h2.bindAddress}
 * once, and this class sets it to {@code 127.0.0.1} unless the JVM was started with another value),
 * and user {@value #USER} has a password generated into {@code <dir>/}{@value #PASSWORD_FILE},
 * readable by the server's user only. A store created before it had a password (empty, as H2's
 * default) gets the generated one when it is first opened.
 *
 * <p>H2 has no redo log: a commit only marks the rows committed in memory, and its background
 * writer stores them up to {@code WRITE_DELAY} (500 ms) later, so a kill -9 in that window loses
 * committed rows. Each batch therefore ends with {@code CHECKPOINT SYNC} (store and fsync) before
 * {@link #write} returns, because the sink acks the batch's messages as soon as it does.
 */
public final class H2RowWriter implements RowWriter {
  private static final Logger LOG = Logger.getLogger(H2RowWriter.class.getName());

  /** The store's user. */
  public static final String USER = "sa";

  /** The file, beside the database, that holds the password of {@link #USER}. */
  public static final String PASSWORD_FILE = "password";

  private static final String BIND_ADDRESS = "h2.bindAddress";

  static {
    String bind = System.getProperty(BIND_ADDRESS);
    if (bind == null) {
      // AUTO_SERVER starts H2's TCP server with -tcpAllowOthers on every interface; this keeps it
      // on loopback. H2 reads the property once, before the first database opens.
      System.setProperty(BIND_ADDRESS, "127.0.0.1");
    } else {
      LOG.warning(
          "The embedded SQL store's listener binds "
              + bind
              + " ("
              + BIND_ADDRESS
              + " is set for this JVM); it accepts connections from there with the password in its"
              + " directory's file "
              + PASSWORD_FILE);
    }
  }

  private final String url;
  private final Path passwordFile;
  private final String password;
  private final H2Table table;
  private final JdbcConnectionPool pool;
  private final SchemaUpdate schemaUpdate;

  /**
   * @param directory the directory of the database file, e.g. {@code <data-dir>/warehouse}
   * @param tableName the table name (upper-cased by H2)
   */
  public H2RowWriter(Path directory, String tableName) {
    this(directory, tableName, SchemaUpdate.ADD_COLUMNS);
  }

  /**
   * @param directory the directory of the database file, e.g. {@code <data-dir>/warehouse}
   * @param tableName the table name (upper-cased by H2)
   * @param schemaUpdate what {@link #prepare} does when the existing table lacks columns
   */
  public H2RowWriter(Path directory, String tableName, SchemaUpdate schemaUpdate) {
    this.schemaUpdate = schemaUpdate;
    this.url = url(directory);
    this.passwordFile = directory.resolve(PASSWORD_FILE);
    this.password = password(passwordFile);
    this.table = new H2Table(tableName);
    this.pool = JdbcConnectionPool.create(url, USER, password);
    pool.setMaxConnections(16);
  }

  private static String password(Path file) {
    try {
      return SecretFile.readOrCreate(file, new SecureRandom());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot keep the embedded SQL store's password in " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The password of the store in {@code directory}, for readers of the store (it is created by the
   * first server that opens the store).
   */
  public static String readPassword(Path directory) throws IOException {
    return Files.readString(directory.resolve(PASSWORD_FILE)).strip();
  }

  /** The JDBC URL of the database in {@code directory}. */
  public static String url(Path directory) {
    return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("dataflow") + ";AUTO_SERVER=TRUE";
  }

  public String url() {
    return url;
  }

  /**
   * Creates the table, or, when it exists, compares its columns with the schema: missing ones are
   * added ({@code ALTER TABLE ... ADD COLUMN}, nullable) under {@link SchemaUpdate#ADD_COLUMNS};
   * under {@link SchemaUpdate#NONE}, or when a column's type differs, a {@link
   * io.dataflow.sink.bigquery.SchemaMismatchException} names the difference.
   */
  @Override
  public void prepare(RowSchema schema) throws SQLException {
    table.define(schema);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      Map<String, String> existing = table.existingColumns(c);
      if (!existing.isEmpty()) {
        List<RowSchema.Column> added =
            table.difference(existing).columnsToAdd(schemaUpdate, H2Table::reportedType);
        for (RowSchema.Column column : added) {
          s.execute(table.addColumnSql(column));
        }
        if (!added.isEmpty()) {
          LOG.info(
              "Added to the embedded table "
                  + table.name()
                  + " (nullable): "
                  + SchemaDifference.describe(added, H2Table::reportedType));
        }
      }
      for (String ddl : table.ddl()) {
        s.execute(ddl);
      }
    }
  }

  /**
   * A connection; a store from before passwords (user sa, empty password) is given the generated
   * password first, and a password that does not belong to the store is reported with its file.
   */
  private Connection connect() throws SQLException {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
        throw e;
      }
      if (!setPasswordOfStoreWithout()) {
        throw new SQLException(
            "The embedded SQL store "
                + url
                + " refused the password in "
                + passwordFile
                + ": that file does not belong to this store. Restore it, or move the store's"
                + " files away to start a new store.",
            e.getSQLState(),
            e.getErrorCode(),
            e);
      }
      return pool.getConnection();
    }
  }

  private boolean setPasswordOfStoreWithout() {
    try (Connection c = DriverManager.getConnection(url, USER, "");
        Statement s = c.createStatement()) {
      s.execute("ALTER USER " + USER + " SET PASSWORD '" + password.replace("'", "''") + "'");
      LOG.info(
          "The embedded SQL store "
              + url
              + " had no password; it now has the one in "
              + passwordFile);
      return true;
    } catch (SQLException e) {
      return false;
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
