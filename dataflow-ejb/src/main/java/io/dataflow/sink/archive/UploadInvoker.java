package io.dataflow.sink.archive;

/** Calls {@link BlobStore#putIfAbsent}, possibly with retries ({@link FaultTolerantUploads}). */
@FunctionalInterface
public interface UploadInvoker {
  /** One attempt, no retry. */
  UploadInvoker ONCE = BlobStore::putIfAbsent;

  BlobStore.Outcome putIfAbsent(BlobStore store, ArchiveObject object) throws BlobStoreException;

  /** The store with its writes made through this invoker. */
  default BlobStore around(BlobStore store) {
    UploadInvoker invoker = this;
    return new BlobStore() {
      @Override
      public Outcome putIfAbsent(ArchiveObject object) throws BlobStoreException {
        return invoker.putIfAbsent(store, object);
      }

      @Override
      public java.util.List<String> list(String prefix) throws BlobStoreException {
        return store.list(prefix);
      }

      @Override
      public String describe() {
        return store.describe();
      }
    };
  }
}
