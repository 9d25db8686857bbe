package io.dataflow.sink.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A wire-level fake of the BigQuery REST calls the sink makes (datasets and tables get/insert,
 * tables.patch of the schema, tabledata.insertAll), for the real google-cloud-bigquery client
 * pointed at it with {@code setHost}. Like BigQuery it drops a row whose insertId it has stored
 * before. Scripted faults: HTTP errors for the next requests, rows rejected by insertId, and a
 * stall after the rows are stored. A schema patch is refused as BigQuery refuses it when it drops a
 * column, changes a column's type or adds a REQUIRED column.
 */
public final class FakeBigQueryServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH =
      Pattern.compile(
          "/bigquery/v2/projects/([^/]+)/datasets(?:/([^/]+)(?:/tables(?:/([^/]+)(/insertAll)?)?)?)?");

  /** One insertAll request as received. */
  public record InsertCall(String contentEncoding, List<String> insertIds, int status) {}

  /** A request line as received: method and path. */
  public record Call(String method, String path, String body) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final Map<String, JsonNode> datasets = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> tables = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> rows = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, String> rejectedIds = new ConcurrentHashMap<>();
  private final Queue<Integer> failures = new ConcurrentLinkedQueue<>();
  private final Queue<Duration> stalls = new ConcurrentLinkedQueue<>();
  private final List<InsertCall> inserts = new CopyOnWriteArrayList<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<String> tablePatches = new CopyOnWriteArrayList<>();
  private final Set<String> storedIds = ConcurrentHashMap.newKeySet();
  private final LongAdder storedCount = new LongAdder();
  private volatile boolean recording = true;

  public FakeBigQueryServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Stops keeping row bodies and the request log (for benchmarks); insertIds are still
   * de-duplicated and counted ({@link #storedRows()}).
   */
  public void stopRecording() {
    recording = false;
  }

  /** Rows stored, each insertId once. */
  public long storedRows() {
    return storedCount.sum();
  }

  public String host() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next {@code times} insertAll requests fail with {@code status}, storing nothing. */
  public void failNextInserts(int status, int times) {
    for (int i = 0; i < times; i++) {
      failures.add(status);
    }
  }

  /** Rows with this insertId are refused with {@code reason} in every request. */
  public void rejectRow(String insertId, String reason) {
    rejectedIds.put(insertId, reason);
  }

  /** The next insertAll stores its rows, then waits {@code stall} before answering. */
  public void stallAfterNextCommit(Duration stall) {
    stalls.add(stall);
  }

  public void addDataset(String project, String dataset) {
    ObjectNode d = JSON.createObjectNode().put("id", project + ":" + dataset);
    d.putObject("datasetReference").put("projectId", project).put("datasetId", dataset);
    datasets.put(project + ":" + dataset, d);
  }

  public void addTable(String project, String dataset, String table) {
    String id = project + ":" + dataset + "." + table;
    ObjectNode t = JSON.createObjectNode().put("id", id).put("type", "TABLE");
    t.putObject("tableReference")
        .put("projectId", project)
        .put("datasetId", dataset)
        .put("tableId", table);
    tables.put(id, t);
  }

  public Optional<JsonNode> table(String project, String dataset, String table) {
    return Optional.ofNullable(tables.get(project + ":" + dataset + "." + table));
  }

  /** Stored rows by insertId, each once. */
  public Map<String, JsonNode> rows() {
    synchronized (rows) {
      return new LinkedHashMap<>(rows);
    }
  }

  public List<InsertCall> inserts() {
    return List.copyOf(inserts);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = readBody(ex);
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (recording) {
        calls.add(new Call(method, path, body));
      }
      Matcher m = PATH.matcher(path);
      if (!m.matches()) {
        error(ex, 404, "notFound", "no route " + path);
        return;
      }
      String project = m.group(1);
      String dataset = m.group(2);
      String table = m.group(3);
      String override = ex.getRequestHeaders().getFirst("X-HTTP-Method-Override");
      if (override != null) {
        method = override;
      }
      if (m.group(4) != null && method.equals("POST")) {
        insertAll(ex, project + ":" + dataset + "." + table, body);
      } else if (table != null
          && m.group(4) == null
          && (method.equals("PATCH") || method.equals("PUT"))) {
        patchTable(ex, project + ":" + dataset + "." + table, body);
      } else if (table != null && method.equals("GET")) {
        get(ex, tables.get(project + ":" + dataset + "." + table), "Table " + table);
      } else if (dataset != null
          && table == null
          && path.endsWith("/tables")
          && method.equals("POST")) {
        create(ex, tables, body, "tableReference", project + ":" + dataset + ".", "tableId");
      } else if (dataset != null && method.equals("GET")) {
        get(ex, datasets.get(project + ":" + dataset), "Dataset " + dataset);
      } else if (dataset == null && method.equals("POST")) {
        create(ex, datasets, body, "datasetReference", project + ":", "datasetId");
      } else {
        error(ex, 400, "invalid", "unsupported " + method + " " + path);
      }
    }
  }

  /**
   * tables.patch / tables.update: the body's fields replace the table's (the schema as a whole).
   */
  private void patchTable(HttpExchange ex, String id, String body) throws IOException {
    JsonNode current = tables.get(id);
    if (current == null) {
      error(ex, 404, "notFound", "Not found: Table " + id);
      return;
    }
    JsonNode patch = JSON.readTree(body);
    if (patch.has("schema")) {
      String refused = schemaChangeRefusal(current.path("schema"), patch.path("schema"));
      if (refused != null) {
        error(ex, 400, "invalid", "Provided Schema does not match Table " + id + ". " + refused);
        return;
      }
    }
    ObjectNode updated = ((ObjectNode) current).deepCopy();
    patch.fields().forEachRemaining(f -> updated.set(f.getKey(), f.getValue()));
    updated.put("id", id);
    tables.put(id, updated);
    tablePatches.add(id);
    send(ex, 200, updated);
  }

  /** Why BigQuery would refuse the schema change, or null. */
  private static String schemaChangeRefusal(JsonNode before, JsonNode after) {
    Map<String, JsonNode> next = new LinkedHashMap<>();
    after.path("fields").forEach(f -> next.put(f.path("name").asText(), f));
    Set<String> old = new java.util.HashSet<>();
    for (JsonNode f : before.path("fields")) {
      String name = f.path("name").asText();
      old.add(name);
      JsonNode n = next.get(name);
      if (n == null) {
        return "Field " + name + " is missing in new schema";
      }
      if (!n.path("type").asText().equals(f.path("type").asText())) {
        return "Field " + name + " has changed type from " + f.path("type").asText();
      }
    }
    for (Map.Entry<String, JsonNode> e : next.entrySet()) {
      if (!old.contains(e.getKey()) && e.getValue().path("mode").asText().equals("REQUIRED")) {
        return "Field " + e.getKey() + " is REQUIRED and cannot be added";
      }
    }
    return null;
  }

  /** The tables patched, by id ({@code project:dataset.table}), one entry per accepted patch. */
  public List<String> tablePatches() {
    return List.copyOf(tablePatches);
  }

  /** The column names and types of a table's schema, in order. */
  public Map<String, String> columns(String project, String dataset, String table) {
    Map<String, String> columns = new LinkedHashMap<>();
    table(project, dataset, table)
        .ifPresent(
            t ->
                t.path("schema")
                    .path("fields")
                    .forEach(f -> columns.put(f.path("name").asText(), f.path("type").asText())));
    return columns;
  }

  /** Adds (or replaces) a table with these columns, all NULLABLE: name to REST type. */
  public void addTable(String project, String dataset, String table, Map<String, String> columns) {
    addTable(project, dataset, table);
    ObjectNode t = (ObjectNode) tables.get(project + ":" + dataset + "." + table);
    ArrayNode fields = t.putObject("schema").putArray("fields");
    columns.forEach(
        (n, type) -> fields.addObject().put("name", n).put("type", type).put("mode", "NULLABLE"));
  }

  private void get(HttpExchange ex, JsonNode resource, String what) throws IOException {
    if (resource == null) {
      error(ex, 404, "notFound", "Not found: " + what);
    } else {
      send(ex, 200, resource);
    }
  }

  private void create(
      HttpExchange ex,
      Map<String, JsonNode> store,
      String body,
      String ref,
      String prefix,
      String idField)
      throws IOException {
    ObjectNode resource = (ObjectNode) JSON.readTree(body);
    String key = prefix + resource.path(ref).path(idField).asText();
    if (store.putIfAbsent(key, resource) != null) {
      error(ex, 409, "duplicate", "Already Exists: " + key);
      return;
    }
    resource.put("id", key);
    if (ref.equals("tableReference")) {
      resource.put("type", "TABLE");
    }
    send(ex, 200, resource);
  }

  private void insertAll(HttpExchange ex, String table, String body) throws IOException {
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    JsonNode request = JSON.readTree(body);
    List<String> ids = new ArrayList<>();
    request.path("rows").forEach(r -> ids.add(r.path("insertId").asText()));
    Integer failure = failures.poll();
    if (failure != null) {
      inserts.add(new InsertCall(encoding, ids, failure));
      error(ex, failure, failure == 503 ? "backendError" : "invalid", "scripted " + failure);
      return;
    }
    if (!tables.containsKey(table)) {
      inserts.add(new InsertCall(encoding, ids, 404));
      error(ex, 404, "notFound", "Not found: Table " + table);
      return;
    }
    if (recording) {
      inserts.add(new InsertCall(encoding, ids, 200));
    }
    ObjectNode response =
        JSON.createObjectNode().put("kind", "bigquery#tableDataInsertAllResponse");
    ArrayNode errors = JSON.createArrayNode();
    int index = 0;
    for (JsonNode r : request.path("rows")) {
      String id = r.path("insertId").asText();
      String reason = rejectedIds.get(id);
      if (reason != null) {
        ObjectNode e = errors.addObject().put("index", index);
        e.putArray("errors")
            .addObject()
            .put("reason", reason)
            .put("message", "scripted " + reason + " for " + id);
      } else if (storedIds.add(id)) {
        storedCount.increment();
        if (recording) {
          rows.put(id, r.path("json"));
        }
      }
      index++;
    }
    if (!errors.isEmpty()) {
      response.set("insertErrors", errors);
    }
    Duration stall = stalls.poll();
    if (stall != null) {
      sleep(stall);
    }
    send(ex, 200, response);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String readBody(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void error(HttpExchange ex, int status, String reason, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error").put("code", status).put("message", message);
    error.putArray("errors").addObject().put("reason", reason).put("message", message);
    send(ex, status, body);
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
