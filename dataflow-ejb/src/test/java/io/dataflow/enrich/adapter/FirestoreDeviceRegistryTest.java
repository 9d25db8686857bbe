package io.dataflow.enrich.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import com.google.cloud.firestore.WriteBatch;
import io.dataflow.enrich.lookup.CaffeineDeviceCache;
import io.dataflow.enrich.lookup.DeviceLookup;
import io.dataflow.enrich.lookup.DeviceLookupException;
import io.dataflow.enrich.lookup.DeviceRecord;
import io.dataflow.enrich.testing.FirestoreEmulator;
import io.dataflow.enrich.testing.ManualScheduler;
import io.dataflow.gcp.GoogleClients;
import io.dataflow.testing.FakeClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the official Firestore emulator. */
class FirestoreDeviceRegistryTest {
  private static FirestoreEmulator emulator;
  private static Firestore firestore;
  private final String collection = "devices-" + UUID.randomUUID();

  /** Sizes of the getAll calls made through {@link #counting(Firestore)}. */
  private final List<Integer> getAllCalls = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    emulator = FirestoreEmulator.start();
    // Generous: the first emulator calls are slow on a loaded machine; lookups are timed
    // separately.
    firestore = client(emulator.host(), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws Exception {
    if (firestore != null) {
      firestore.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private static Firestore client(String host, Duration timeout) {
    return GoogleClients.firestore(
        FirestoreDeviceRegistryBean.clientOptions(
            Optional.of("dataflow-test"), Optional.of(host), timeout),
        "(default)");
  }

  /** The same client, counting getAll calls (each one BatchGetDocuments request). */
  private Firestore counting(Firestore delegate) {
    return (Firestore)
        Proxy.newProxyInstance(
            Firestore.class.getClassLoader(),
            new Class<?>[] {Firestore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getAll")
                  && args != null
                  && args[0] instanceof Object[] refs) {
                getAllCalls.add(refs.length);
              }
              try {
                return method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private void seed(int count) throws Exception {
    WriteBatch batch = firestore.batch();
    for (int i = 0; i < count; i++) {
      batch.set(
          firestore.collection(collection).document("d" + i),
          Map.of("name", "Device " + i, "location", "loc-" + (i % 3), "serviceTag", "ST-" + i));
    }
    batch.commit().get();
  }

  @Test
  void findsADocumentAndConvertsFirestoreValues() throws Exception {
    firestore
        .collection(collection)
        .document("d1")
        .set(
            Map.of(
                "name",
                "Boiler",
                "floor",
                3,
                "installed",
                Timestamp.parseTimestamp("2025-03-01T10:15:30.123456Z"),
                "position",
                new GeoPoint(52.5, 13.4),
                "tags",
                List.of("a", "b")))
        .get();
    FirestoreDeviceRegistry registry =
        new FirestoreDeviceRegistry(firestore, collection, Duration.ofSeconds(5));
    Map<String, Object> d1 = registry.findAll(List.of("d1")).get("d1");
    assertThat(d1)
        .containsEntry("name", "Boiler")
        .containsEntry("floor", 3L)
        .containsEntry("installed", "2025-03-01T10:15:30.123456Z")
        .containsEntry("position", Map.of("latitude", 52.5, "longitude", 13.4))
        .containsEntry("tags", List.of("a", "b"));
  }

  @Test
  void unknownAndInvalidIdsAreNotFound() throws Exception {
    seed(2);
    FirestoreDeviceRegistry registry =
        new FirestoreDeviceRegistry(counting(firestore), collection, Duration.ofSeconds(5));
    assertThat(registry.findAll(List.of("d0", "ghost", "a/b", "..", "__x__", "x".repeat(1_600))))
        .as("ids Firestore refuses do not fail the batch they share")
        .containsOnlyKeys("d0");
    assertThat(getAllCalls).containsExactly(2); // the invalid ids never reach Firestore
  }

  @Test
  void coldLookupsAreBatchedIntoOneGetAllPerBatch() throws Exception {
    seed(250);
    ManualScheduler scheduler = new ManualScheduler();
    DeviceLookup lookup =
        new DeviceLookup(
            new CaffeineDeviceCache(
                10_000,
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                CaffeineDeviceCache.ticker(new FakeClock()),
                Runnable::run),
            null,
            new FirestoreDeviceRegistry(counting(firestore), collection, Duration.ofSeconds(5)),
            100,
            Duration.ofMillis(5),
            Runnable::run,
            scheduler);
    List<CompletableFuture<DeviceRecord>> futures = new ArrayList<>();
    for (int i = 0; i < 260; i++) {
      futures.add(lookup.lookup("d" + i)); // d250..d259 do not exist
    }
    scheduler.fireAll();
    List<DeviceRecord> records = futures.stream().map(CompletableFuture::join).toList();
    assertThat(records.subList(0, 250)).allMatch(DeviceRecord::isFound);
    assertThat(records.subList(250, 260)).noneMatch(DeviceRecord::isFound);
    assertThat(records.get(7).fields()).containsEntry("location", "loc-1");
    assertThat(getAllCalls).containsExactly(100, 100, 60);
  }

  @Test
  void unreachableFirestoreFailsWithinTheTimeout() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (Firestore nowhere = client("127.0.0.1:" + closedPort, Duration.ofMillis(500))) {
      FirestoreDeviceRegistry registry =
          new FirestoreDeviceRegistry(nowhere, "devices", Duration.ofMillis(500));
      long start = System.nanoTime();
      assertThatThrownBy(() -> registry.findAll(List.of("d1")))
          .isInstanceOf(DeviceLookupException.class);
      // Reported, not asserted as a timing: a default client would retry for about a minute.
      System.out.printf(
          "unreachable Firestore failed after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }
  }
}
