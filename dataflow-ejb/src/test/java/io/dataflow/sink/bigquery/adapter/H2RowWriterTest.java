package io.dataflow.sink.bigquery.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataflow.config.SecretFile;
import io.dataflow.envelope.Envelope;
import io.dataflow.sink.batch.TrackedMessage;
import io.dataflow.sink.batch.WriteResult;
import io.dataflow.sink.bigquery.DefaultRowTransformer;
import io.dataflow.sink.bigquery.Row;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2RowWriterTest {
  @TempDir Path dir;
  private final DefaultRowTransformer transformer = new DefaultRowTransformer();
  private H2RowWriter writer;

  @AfterEach
  void close() {
    if (writer != null) {
      writer.close();
    }
  }

  private H2RowWriter writer() throws Exception {
    writer = new H2RowWriter(dir.resolve("warehouse"), "telemetry");
    writer.prepare(transformer.schema());
    return writer;
  }

  private List<Row> rows(int n) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Envelope e =
          TrackedMessage.of("id-" + i, "dev-" + i)
              .getPayload()
              .withEnrichment(
                  Map.of("location", "berlin", "name", "pump " + i, "serviceTag", "st-" + i))
              .withAttribute("qos", "1");
      rows.add(transformer.toRow(e));
    }
    return rows;
  }

  /** A reader's connection, as the README's query command makes it. */
  private Connection reader() throws Exception {
    return DriverManager.getConnection(
        writer.url(), H2RowWriter.USER, H2RowWriter.readPassword(dir.resolve("warehouse")));
  }

  private long count(String where) throws Exception {
    try (Connection c = reader();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM TELEMETRY " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void rowsAreQueryableThroughTheAutoServerUrlWithEveryColumn() throws Exception {
    assertThat(writer().write(rows(3))).isEqualTo(WriteResult.success());
    assertThat(writer.url())
        .startsWith("jdbc:h2:file:")
        .endsWith("/warehouse/dataflow;AUTO_SERVER=TRUE");
    try (Connection c = reader();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT MESSAGE_ID, DEVICE_ID, EVENT_TIME, RECEIVED_AT, LOCATION, NAME, SERVICE_TAG,"
                    + " PAYLOAD, ATTRIBUTES FROM TELEMETRY WHERE MESSAGE_ID = 'id-1'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("id-1");
      assertThat(rs.getString(2)).isEqualTo("dev-1");
      assertThat(rs.getObject(3, OffsetDateTime.class).toInstant())
          .hasToString("2026-11-25T11:59:00Z");
      assertThat(rs.getObject(4, OffsetDateTime.class).toInstant())
          .hasToString("2026-11-25T11:59:01Z");
      assertThat(rs.getString(5)).isEqualTo("berlin");
      assertThat(rs.getString(6)).isEqualTo("pump 1");
      assertThat(rs.getString(7)).isEqualTo("st-1");
      assertThat(rs.getString(8)).isEqualTo("{\"temp\":21.5}");
      assertThat(rs.getString(9)).isEqualTo("{\"qos\":\"1\"}");
    }
    assertThat(count("")).isEqualTo(3);
  }

  @Test
  void aRedeliveredRowIsNotDuplicated() throws Exception {
    List<Row> batch = rows(5);
    writer().write(batch);
    writer.write(batch.subList(1, 4));
    writer.write(batch);
    assertThat(count("")).isEqualTo(5);
  }

  @Test
  void aRowTheDatabaseRefusesIsReportedAndTheOthersAreKept() throws Exception {
    List<Row> batch = new ArrayList<>(rows(3));
    Row bad = batch.get(1);
    java.util.Map<String, Object> values = new java.util.LinkedHashMap<>(bad.values());
    values.put("device_id", "d".repeat(2_000));
    batch.set(1, Row.of(bad.insertId(), values));

    WriteResult result = writer().write(batch);

    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.index()).isEqualTo(1);
              assertThat(f.reason()).isEqualTo("invalid");
            });
    assertThat(count("")).isEqualTo(2);
    assertThat(count("WHERE MESSAGE_ID = 'id-1'")).isZero();
  }

  @Test
  void prepareIsRepeatableAndKeepsTheRows() throws Exception {
    writer().write(rows(2));
    writer.close();
    writer = writer();
    assertThat(count("")).isEqualTo(2);
  }

  @Test
  void theStoreRefusesAConnectionWithoutItsPasswordWhichOnlyTheOwnerCanRead() throws Exception {
    writer().write(rows(1));
    Path file = dir.resolve("warehouse").resolve(H2RowWriter.PASSWORD_FILE);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(H2RowWriter.readPassword(dir.resolve("warehouse"))).hasSize(SecretFile.LENGTH);
    assertThatThrownBy(() -> DriverManager.getConnection(writer.url(), "sa", ""))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Wrong user name or password");
    assertThat(count("")).isEqualTo(1);
  }

  @Test
  void theReadersListenerAcceptsLoopbackOnlyAndTheLockFileNamesLoopback() throws Exception {
    writer().write(rows(1));
    try (Connection c = reader()) {
      // A second connection through the URL starts or finds the AUTO_SERVER listener.
    }
    Properties lock = new Properties();
    try (var in = Files.newInputStream(dir.resolve("warehouse").resolve("dataflow.lock.db"))) {
      lock.load(in);
    }
    String server = lock.getProperty("server");
    assertThat(server).as("lock file server entry").isNotNull();
    int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      assertThat(s.isConnected()).isTrue();
    }
    List<InetAddress> others = nonLoopbackAddresses();
    assumeTrue(!others.isEmpty(), "this host has no network address besides loopback to try");
    for (InetAddress other : others) {
      assertThatThrownBy(
              () -> {
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress(other, port), 2_000);
                }
              })
          .as("connect to %s:%d", other, port)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void aStoreCreatedWithoutAPasswordGetsTheGeneratedOne() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    String url = H2RowWriter.url(warehouse);
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE LEGACY(I INT)");
    }

    writer().write(rows(2));

    assertThat(count("")).isEqualTo(2);
    assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", ""))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void aPasswordFileOfAnotherStoreIsReportedWithItsPath() throws Exception {
    writer().write(rows(1));
    writer.close();
    writer = null;
    Path file = dir.resolve("warehouse").resolve(H2RowWriter.PASSWORD_FILE);
    Files.writeString(file, "not-the-password\n");

    H2RowWriter other = new H2RowWriter(dir.resolve("warehouse"), "telemetry");
    try {
      assertThatThrownBy(() -> other.prepare(transformer.schema()))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("does not belong to this store");
    } finally {
      other.close();
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
    List<InetAddress> found = new ArrayList<>();
    for (NetworkInterface ni :
        java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
        if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          found.add(a);
        }
      }
    }
    return found;
  }
}
