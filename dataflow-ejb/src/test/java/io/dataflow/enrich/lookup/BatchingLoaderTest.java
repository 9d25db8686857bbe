package io.dataflow.enrich.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.enrich.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class BatchingLoaderTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<Set<String>> calls = new ArrayList<>();
  private volatile boolean failing;

  private BatchingLoader loader(int maxBatch) {
    return new BatchingLoader(
        keys -> {
          calls.add(Set.copyOf(keys));
          if (failing) {
            throw new DeviceLookupException("down");
          }
          return keys.contains("d1")
              ? Map.of("d1", DeviceRecord.found(Map.of("name", "one")))
              : Map.of();
        },
        maxBatch,
        Duration.ofMillis(5),
        Runnable::run,
        scheduler);
  }

  @Test
  void keysWithinOneWindowShareOneCall() {
    BatchingLoader loader = loader(100);
    CompletableFuture<DeviceRecord> a = loader.load("d1");
    CompletableFuture<DeviceRecord> b = loader.load("d2");
    CompletableFuture<DeviceRecord> c = loader.load("d3");
    assertThat(calls).isEmpty();

    assertThat(scheduler.fireAll()).isEqualTo(1);
    assertThat(calls).containsExactly(Set.of("d1", "d2", "d3"));
    assertThat(a.join().fields()).containsEntry("name", "one");
    assertThat(b.join().isFound()).isFalse();
    assertThat(c.join().isFound()).isFalse();
    assertThat(loader.batchCount()).isEqualTo(1);
  }

  @Test
  void fullBatchGoesAtOnceAndItsTimerDoesNotCutTheNextBatchShort() {
    BatchingLoader loader = loader(2);
    loader.load("d1");
    loader.load("d2");
    assertThat(calls).containsExactly(Set.of("d1", "d2"));

    loader.load("d3");
    assertThat(scheduler.pending()).isEqualTo(2);
    scheduler.fireAll();
    assertThat(calls).containsExactly(Set.of("d1", "d2"), Set.of("d3"));
  }

  @Test
  void failedCallFailsEveryKeyOfTheBatch() {
    failing = true;
    BatchingLoader loader = loader(100);
    CompletableFuture<DeviceRecord> a = loader.load("d1");
    CompletableFuture<DeviceRecord> b = loader.load("d2");
    scheduler.fireAll();
    for (CompletableFuture<DeviceRecord> f : List.of(a, b)) {
      Assertions.assertThatThrownBy(f::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(DeviceLookupException.class);
    }
  }
}
