package io.dataflow.loadgen.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads table {@code TELEMETRY} of the embedded SQL store ({@code
 * <data-dir>/warehouse/dataflow.mv.db}, H2). {@code AUTO_SERVER=TRUE} lets it read while the server
 * has the database open; the password of user {@code sa} is the server's, in {@code
 * <data-dir>/warehouse/password}. When the table has a write-time column ({@link #WRITE_COLUMNS}),
 * each row's write time is reported; otherwise receipt-to-write latency is not available here.
 */
public final class WarehouseReader implements SinkReader {
  /** Column names taken as the time a row was written, first match wins. */
  static final Set<String> WRITE_COLUMNS =
      Set.of("WRITTEN_AT", "INSERTED_AT", "STORED_AT", "LOADED_AT");

  private final Path dataDir;

  public WarehouseReader(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** The JDBC URL of the store under a data directory. */
  public static String url(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("warehouse").resolve("dataflow")
        + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE";
  }

  /** The store's password, which the server generated into the store's directory. */
  static String password(Path dataDir) throws IOException {
    Path file = dataDir.resolve("warehouse").resolve("password");
    if (!Files.exists(file)) {
      throw new IOException(
          "no password file "
              + file
              + ": the embedded SQL store's password is generated there by the server that"
              + " created the store");
    }
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  @Override
  public String name() {
    return "warehouse";
  }

  @Override
  public String stage() {
    return "bigquery";
  }

  @Override
  public Scan read(Consumer<Observation> sink) throws IOException {
    String url = url(dataDir);
    if (!Files.exists(dataDir.resolve("warehouse").resolve("dataflow.mv.db"))) {
      return new Scan(false, url, 0, 0, "no database file");
    }
    try (Connection c = DriverManager.getConnection(url, "sa", password(dataDir));
        Statement s = c.createStatement()) {
      s.setFetchSize(5000);
      try (ResultSet rs = s.executeQuery("SELECT * FROM TELEMETRY")) {
        String writeColumn = writeColumn(rs.getMetaData());
        long records = 0;
        long unreadable = 0;
        while (rs.next()) {
          records++;
          try {
            String payload = rs.getString("PAYLOAD");
            Observation.of(
                    rs.getString("DEVICE_ID"),
                    payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8),
                    rs.getString("MESSAGE_ID"),
                    instant(rs.getObject("RECEIVED_AT")),
                    writeColumn == null ? null : instant(rs.getObject(writeColumn)))
                .ifPresent(sink);
          } catch (SQLException | RuntimeException e) {
            unreadable++;
          }
        }
        String note =
            writeColumn == null
                ? "no write-time column ("
                    + String.join("/", WRITE_COLUMNS)
                    + "): receipt-to-write latency not measured"
                : "write time from column " + writeColumn;
        return new Scan(true, url, records, unreadable, note);
      }
    } catch (SQLException e) {
      throw new IOException("cannot read " + url + ": " + e.getMessage(), e);
    }
  }

  private static String writeColumn(ResultSetMetaData meta) throws SQLException {
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String name = meta.getColumnName(i).toUpperCase(Locale.ROOT);
      if (WRITE_COLUMNS.contains(name)) {
        return name;
      }
    }
    return null;
  }

  /** A timestamp column as an instant; a zone-less timestamp is taken as UTC. */
  static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    String text = value.toString().trim();
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
    }
  }
}
