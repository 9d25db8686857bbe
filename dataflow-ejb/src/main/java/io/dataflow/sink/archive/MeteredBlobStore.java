package io.dataflow.sink.archive;

import java.util.List;

/** Counts every store attempt, failure and stored object into {@link ArchiveStats}. */
final class MeteredBlobStore implements BlobStore {
  private final BlobStore store;
  private final ArchiveStats stats;

  MeteredBlobStore(BlobStore store, ArchiveStats stats) {
    this.store = store;
    this.stats = stats;
  }

  @Override
  public Outcome putIfAbsent(ArchiveObject object) throws BlobStoreException {
    long start = System.nanoTime();
    try {
      Outcome outcome = store.putIfAbsent(object);
      stats.uploaded(System.nanoTime() - start);
      stats.attempted(false);
      stats.stored(outcome, object.content().length);
      return outcome;
    } catch (BlobStoreException | RuntimeException e) {
      stats.uploaded(System.nanoTime() - start);
      stats.attempted(true);
      throw e;
    }
  }

  @Override
  public List<String> list(String prefix) throws BlobStoreException {
    return store.list(prefix);
  }

  @Override
  public String describe() {
    return store.describe();
  }
}
