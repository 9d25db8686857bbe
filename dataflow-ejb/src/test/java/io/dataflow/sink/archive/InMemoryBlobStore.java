package io.dataflow.sink.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A blob store double for the sink's logic: create-only, with failures on demand. */
final class InMemoryBlobStore implements BlobStore {
  private final Map<String, ArchiveObject> objects = new ConcurrentSkipListMap<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean down;
  private volatile Runnable onFailure = () -> {};

  /** The next {@code n} calls fail with a transient error. */
  void failNext(int n) {
    failuresLeft.set(n);
  }

  /** Every call fails until set back. */
  void down(boolean value) {
    down = value;
  }

  /** Runs on every failing call, to look at the sink's state while the store is failing. */
  void onFailure(Runnable check) {
    onFailure = check;
  }

  List<ArchiveObject> objects() {
    return new ArrayList<>(objects.values());
  }

  int calls() {
    return calls.get();
  }

  @Override
  public Outcome putIfAbsent(ArchiveObject object) throws BlobStoreException {
    calls.incrementAndGet();
    if (down || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      onFailure.run();
      throw new TransientBlobStoreException("503 from the double", null);
    }
    return objects.putIfAbsent(object.name(), object) == null
        ? Outcome.CREATED
        : Outcome.ALREADY_STORED;
  }

  @Override
  public List<String> list(String prefix) {
    return objects.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
  }

  @Override
  public String describe() {
    return "memory";
  }
}
