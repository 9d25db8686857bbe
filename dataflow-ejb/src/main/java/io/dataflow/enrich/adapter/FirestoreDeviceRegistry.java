package io.dataflow.enrich.adapter;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import io.dataflow.enrich.lookup.DeviceLookupException;
import io.dataflow.enrich.lookup.DeviceRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * L3 on Firestore: one document per device in a collection, the document id being the device id.
 * {@link #findAll} reads all ids with one batched {@code getAll} (BatchGetDocuments) bounded by the
 * timeout. Firestore-specific values become JSON-compatible ones: timestamps ISO-8601 text, geo
 * points {@code {latitude, longitude}}, references their path, blobs base64.
 */
public final class FirestoreDeviceRegistry implements DeviceRegistry {
  public static final String TIER = "l3-firestore";
  private final CollectionReference devices;
  private final Firestore firestore;
  private final Duration timeout;

  public FirestoreDeviceRegistry(Firestore firestore, String collection, Duration timeout) {
    this.firestore = firestore;
    this.devices = firestore.collection(collection);
    this.timeout = timeout;
  }

  @Override
  public String tierName() {
    return TIER;
  }

  @Override
  public Map<String, Map<String, Object>> findAll(Collection<String> ids)
      throws DeviceLookupException {
    List<DocumentReference> refs = new ArrayList<>(ids.size());
    for (String id : ids) {
      if (isDocumentId(id)) {
        refs.add(devices.document(id));
      }
    }
    Map<String, Map<String, Object>> found = new HashMap<>();
    if (refs.isEmpty()) {
      return found;
    }
    List<DocumentSnapshot> snapshots;
    try {
      snapshots =
          firestore
              .getAll(refs.toArray(DocumentReference[]::new))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeviceLookupException("Interrupted while reading Firestore", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new DeviceLookupException("Firestore getAll failed: " + cause, cause);
    }
    for (DocumentSnapshot snapshot : snapshots) {
      if (snapshot.exists()) {
        found.put(snapshot.getId(), convertMap(snapshot.getData()));
      }
    }
    return found;
  }

  /** Firestore's limit on a document id. */
  static final int MAX_ID_BYTES = 1_500;

  /**
   * Ids that cannot name a document are unknown devices, decided here for each id so that one of
   * them cannot fail the batch it shares with others: empty, {@code .}, {@code ..}, containing
   * {@code /}, of the reserved form {@code __x__}, or longer than 1,500 UTF-8 bytes.
   */
  static boolean isDocumentId(String id) {
    return !id.isEmpty()
        && !id.equals(".")
        && !id.equals("..")
        && id.indexOf('/') < 0
        && !(id.length() >= 4 && id.startsWith("__") && id.endsWith("__"))
        && id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_ID_BYTES;
  }

  private static Map<String, Object> convertMap(Map<String, Object> data) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (data != null) {
      data.forEach((k, v) -> out.put(k, convert(v)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Object convert(Object value) {
    if (value instanceof Timestamp t) {
      return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
    if (value instanceof GeoPoint g) {
      return Map.of("latitude", g.getLatitude(), "longitude", g.getLongitude());
    }
    if (value instanceof DocumentReference r) {
      return r.getPath();
    }
    if (value instanceof Blob b) {
      return Base64.getEncoder().encodeToString(b.toBytes());
    }
    if (value instanceof Map<?, ?> m) {
      return convertMap((Map<String, Object>) m);
    }
    if (value instanceof List<?> l) {
      return l.stream().map(FirestoreDeviceRegistry::convert).toList();
    }
    return value;
  }
}
