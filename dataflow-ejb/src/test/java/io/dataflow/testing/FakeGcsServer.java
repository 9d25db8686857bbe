package io.dataflow.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dataflow.gcp.GoogleClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * A wire-level fake of the GCS JSON API calls the google-cloud-storage client makes for the
 * archive: bucket get, object insert (multipart and resumable, with {@code ifGenerationMatch}
 * answered 412 when it does not hold), object get (metadata, and media by {@code alt=media} or the
 * {@code /download} root) and list by prefix. Faults are queued with {@link #failNextUploads}.
 * Objects live in memory; each create gets a new generation. Start with {@link #start()} on a free
 * port, stop with {@link #close()}.
 */
public final class FakeGcsServer implements AutoCloseable {
  /** A stored object. */
  public record StoredObject(
      String bucket,
      String name,
      long generation,
      String contentType,
      String contentEncoding,
      Map<String, String> metadata,
      byte[] content) {}

  private record Session(
      String bucket,
      ObjectNode resource,
      Map<String, String> query,
      ByteArrayOutputStream received) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, Boolean> buckets = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Integer> uploadFaults = new ConcurrentLinkedQueue<>();
  private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
  private final AtomicLong sessionIds = new AtomicLong();

  private FakeGcsServer(HttpServer server) {
    this.server = server;
  }

  public static FakeGcsServer start() throws IOException {
    return start(0);
  }

  /** On a given port of the loopback address (0: any free one). */
  public static FakeGcsServer start(int port) throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    FakeGcsServer fake = new FakeGcsServer(http);
    http.createContext("/", fake::handle);
    http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    http.start();
    return fake;
  }

  /** {@code http://127.0.0.1:PORT}, for {@code StorageOptions.setHost}. */
  public String host() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Options of a client of this fake: project {@code p}, a 5 s timeout, no credentials. */
  public GoogleClientOptions clientOptions() {
    return GoogleClientOptions.of(Optional.of("p"), Optional.of(host()), Duration.ofSeconds(5));
  }

  public FakeGcsServer createBucket(String bucket) {
    buckets.put(bucket, true);
    return this;
  }

  /** The next {@code times} upload requests (insert or resumable chunk) answer {@code status}. */
  public void failNextUploads(int status, int times) {
    for (int i = 0; i < times; i++) {
      uploadFaults.add(status);
    }
  }

  public Optional<StoredObject> object(String bucket, String name) {
    return Optional.ofNullable(objects.get(bucket + "/" + name));
  }

  public List<StoredObject> objects() {
    return List.copyOf(objects.values());
  }

  /** Method and path-and-query of every request so far. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      if (path.startsWith("/download/storage/v1/b/")) {
        // Media downloads (Storage.readAllBytes, reader) use the download root: same object GET.
        path = path.substring("/download".length());
        query.put("alt", "media");
      }
      String method = ex.getRequestMethod();
      requests.add(method + " " + ex.getRequestURI());
      byte[] body = ex.getRequestBody().readAllBytes();
      if (path.startsWith("/upload/storage/v1/b/")) {
        Integer fault = uploadFaults.poll();
        if (fault != null) {
          error(ex, fault, "injected fault");
          return;
        }
        String bucket = segment(path, "/upload/storage/v1/b/");
        if (method.equals("POST") && "multipart".equals(query.get("uploadType"))) {
          multipart(ex, bucket, query, body);
        } else if (method.equals("POST") && "resumable".equals(query.get("uploadType"))) {
          startResumable(ex, bucket, query, body);
        } else if (method.equals("PUT") && query.containsKey("upload_id")) {
          resumableChunk(ex, query.get("upload_id"), body);
        } else {
          error(ex, 400, "unsupported upload " + method + " " + ex.getRequestURI());
        }
      } else if (path.startsWith("/storage/v1/b/")) {
        String rest = path.substring("/storage/v1/b/".length());
        int slash = rest.indexOf('/');
        String bucket = decode(slash < 0 ? rest : rest.substring(0, slash));
        if (!buckets.containsKey(bucket)) {
          error(ex, 404, "The specified bucket does not exist.");
        } else if (slash < 0) {
          json(
              ex,
              200,
              JSON.createObjectNode()
                  .put("kind", "storage#bucket")
                  .put("name", bucket)
                  .put("id", bucket));
        } else if (rest.substring(slash).equals("/o")) {
          list(ex, bucket, query);
        } else if (rest.substring(slash).startsWith("/o/") && method.equals("GET")) {
          get(ex, bucket, decode(rest.substring(slash + 3)), query);
        } else {
          error(ex, 400, "unsupported " + method + " " + ex.getRequestURI());
        }
      } else {
        error(ex, 404, "no such path " + path);
      }
    } catch (RuntimeException e) {
      error(ex, 500, e.toString());
    }
  }

  private void multipart(HttpExchange ex, String bucket, Map<String, String> query, byte[] body)
      throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    String boundary = type.substring(type.indexOf("boundary=") + 9).replace("\"", "").trim();
    List<byte[]> parts = splitMultipart(body, boundary);
    ObjectNode resource = (ObjectNode) JSON.readTree(partBody(parts.get(0)));
    String mediaHeaders = partHeaders(parts.get(1));
    if (!resource.has("contentType")) {
      for (String line : mediaHeaders.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-type:")) {
          resource.put("contentType", line.substring(13).trim());
        }
      }
    }
    insert(ex, bucket, resource, query, partBody(parts.get(1)));
  }

  private void startResumable(
      HttpExchange ex, String bucket, Map<String, String> query, byte[] body) throws IOException {
    ObjectNode resource =
        body.length == 0 ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(body);
    if (!resource.has("name") && query.containsKey("name")) {
      resource.put("name", query.get("name"));
    }
    if (!buckets.containsKey(bucket)) {
      error(ex, 404, "The specified bucket does not exist.");
      return;
    }
    if (!preconditionHolds(bucket, resource.get("name").asText(), query)) {
      error(ex, 412, "At least one of the pre-conditions you specified did not hold.");
      return;
    }
    String id = "session-" + sessionIds.incrementAndGet();
    sessions.put(id, new Session(bucket, resource, query, new ByteArrayOutputStream()));
    ex.getResponseHeaders()
        .add(
            "Location",
            host() + "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&upload_id=" + id);
    ex.sendResponseHeaders(200, -1);
  }

  private void resumableChunk(HttpExchange ex, String id, byte[] body) throws IOException {
    Session session = sessions.get(id);
    if (session == null) {
      error(ex, 404, "no such upload session " + id);
      return;
    }
    String range =
        Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Range")).orElse("bytes */*");
    // "bytes 0-99/1000", "bytes 0-99/*" or "bytes */1000" (a status query / empty final)
    String spec = range.substring(range.indexOf(' ') + 1);
    String total = spec.substring(spec.indexOf('/') + 1);
    synchronized (session) {
      if (!spec.startsWith("*")) {
        long first = Long.parseLong(spec.substring(0, spec.indexOf('-')));
        long have = session.received().size();
        if (first < have) { // a re-sent chunk: keep only the new tail
          int skip = (int) (have - first);
          if (skip < body.length) {
            session.received().write(body, skip, body.length - skip);
          }
        } else {
          session.received().write(body);
        }
      }
      long received = session.received().size();
      if (!total.equals("*") && Long.parseLong(total) == received) {
        sessions.remove(id);
        insert(
            ex,
            session.bucket(),
            session.resource(),
            session.query(),
            session.received().toByteArray());
        return;
      }
      if (received > 0) {
        ex.getResponseHeaders().add("Range", "bytes=0-" + (received - 1));
      }
      ex.sendResponseHeaders(308, -1);
    }
  }

  private void insert(
      HttpExchange ex,
      String bucket,
      ObjectNode resource,
      Map<String, String> query,
      byte[] content)
      throws IOException {
    if (!buckets.containsKey(bucket)) {
      error(ex, 404, "The specified bucket does not exist.");
      return;
    }
    String name = resource.has("name") ? resource.get("name").asText() : query.get("name");
    Map<String, String> metadata = new LinkedHashMap<>();
    if (resource.has("metadata")) {
      resource
          .get("metadata")
          .fields()
          .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
    }
    StoredObject created;
    synchronized (objects) {
      if (!preconditionHolds(bucket, name, query)) {
        error(ex, 412, "At least one of the pre-conditions you specified did not hold.");
        return;
      }
      created =
          new StoredObject(
              bucket,
              name,
              generations.incrementAndGet(),
              text(resource, "contentType"),
              text(resource, "contentEncoding"),
              metadata,
              content);
      objects.put(bucket + "/" + name, created);
    }
    json(ex, 200, resource(created));
  }

  private boolean preconditionHolds(String bucket, String name, Map<String, String> query) {
    String match = query.get("ifGenerationMatch");
    if (match == null) {
      return true;
    }
    StoredObject existing = objects.get(bucket + "/" + name);
    long generation = existing == null ? 0 : existing.generation();
    return Long.parseLong(match) == generation;
  }

  private void get(HttpExchange ex, String bucket, String name, Map<String, String> query)
      throws IOException {
    StoredObject o = objects.get(bucket + "/" + name);
    if (o == null) {
      error(ex, 404, "No such object: " + bucket + "/" + name);
    } else if ("media".equals(query.get("alt"))) {
      // Served as stored (no decompressive transcoding): the client asks with Accept-Encoding gzip.
      if (o.contentType() != null) {
        ex.getResponseHeaders().add("Content-Type", o.contentType());
      }
      ex.getResponseHeaders().add("x-goog-generation", Long.toString(o.generation()));
      ex.getResponseHeaders()
          .add(
              "x-goog-stored-content-encoding",
              o.contentEncoding() == null ? "identity" : o.contentEncoding());
      ex.getResponseHeaders()
          .add("x-goog-hash", "crc32c=" + crc32c(o.content()) + ",md5=" + md5(o.content()));
      ex.sendResponseHeaders(200, o.content().length == 0 ? -1 : o.content().length);
      ex.getResponseBody().write(o.content());
    } else {
      json(ex, 200, resource(o));
    }
  }

  private void list(HttpExchange ex, String bucket, Map<String, String> query) throws IOException {
    String prefix = query.getOrDefault("prefix", "");
    ArrayNode items = JSON.createArrayNode();
    for (StoredObject o : objects.tailMap(bucket + "/" + prefix).values()) {
      if (!o.bucket().equals(bucket) || !o.name().startsWith(prefix)) {
        break;
      }
      items.add(resource(o));
    }
    ObjectNode answer = JSON.createObjectNode().put("kind", "storage#objects");
    answer.set("items", items);
    json(ex, 200, answer);
  }

  private ObjectNode resource(StoredObject o) {
    ObjectNode r =
        JSON.createObjectNode()
            .put("kind", "storage#object")
            .put("id", o.bucket() + "/" + o.name() + "/" + o.generation())
            .put("bucket", o.bucket())
            .put("name", o.name())
            .put("generation", Long.toString(o.generation()))
            .put("metageneration", "1")
            .put("size", Long.toString(o.content().length))
            .put("md5Hash", md5(o.content()))
            .put("crc32c", crc32c(o.content()))
            .put("storageClass", "STANDARD")
            .put("timeCreated", "2026-11-25T00:00:00.000Z")
            .put("updated", "2026-11-25T00:00:00.000Z");
    if (o.contentType() != null) {
      r.put("contentType", o.contentType());
    }
    if (o.contentEncoding() != null) {
      r.put("contentEncoding", o.contentEncoding());
    }
    if (!o.metadata().isEmpty()) {
      ObjectNode m = r.putObject("metadata");
      o.metadata().forEach(m::put);
    }
    return r;
  }

  private static String text(ObjectNode node, String field) {
    return node.has(field) ? node.get(field).asText() : null;
  }

  private static void json(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static void error(HttpExchange ex, int status, String message) {
    try {
      ObjectNode e = JSON.createObjectNode();
      ObjectNode inner = e.putObject("error").put("code", status).put("message", message);
      inner
          .putArray("errors")
          .addObject()
          .put("message", message)
          .put("domain", "global")
          .put(
              "reason",
              status == 412 ? "conditionNotMet" : status == 404 ? "notFound" : "backendError");
      json(ex, status, e);
    } catch (IOException ignored) {
      // the client went away
    }
  }

  private static String segment(String path, String after) {
    String rest = path.substring(after.length());
    return decode(rest.substring(0, rest.indexOf('/')));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        q.put(
            decode(eq < 0 ? pair : pair.substring(0, eq)),
            eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return q;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static List<byte[]> splitMultipart(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<byte[]> parts = new ArrayList<>();
    int start = indexOf(body, delimiter, 0);
    while (start >= 0) {
      int from = start + delimiter.length;
      if (from + 1 < body.length && body[from] == '-' && body[from + 1] == '-') {
        break; // closing delimiter
      }
      from += 2; // CRLF after the delimiter
      int next = indexOf(body, delimiter, from);
      int end = next - 2; // CRLF before the next delimiter
      byte[] part = new byte[end - from];
      System.arraycopy(body, from, part, 0, part.length);
      parts.add(part);
      start = next;
    }
    return parts;
  }

  private static String partHeaders(byte[] part) {
    int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    return new String(part, 0, split, StandardCharsets.ISO_8859_1);
  }

  private static byte[] partBody(byte[] part) {
    int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0) + 4;
    byte[] b = new byte[part.length - split];
    System.arraycopy(part, split, b, 0, b.length);
    return b;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String md5(byte[] content) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String crc32c(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    long v = crc.getValue();
    return Base64.getEncoder()
        .encodeToString(
            new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }
}
