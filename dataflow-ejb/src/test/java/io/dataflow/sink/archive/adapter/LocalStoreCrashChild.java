package io.dataflow.sink.archive.adapter;

import io.dataflow.sink.archive.ArchiveObject;
import io.dataflow.sink.archive.TestEnvelopes;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Run in its own JVM by {@link LocalDirectoryBlobStoreTest}: starts storing {@link #object()},
 * writes half of it, says so on stdout and hangs until the test kills the process (SIGKILL: no
 * finally block, no cleanup, like a crash or a power cut).
 */
public final class LocalStoreCrashChild {
  static final String HALF_WRITTEN = "HALF-WRITTEN";

  private LocalStoreCrashChild() {}

  static ArchiveObject object() {
    List<io.dataflow.envelope.Envelope> envelopes =
        IntStream.range(0, 2_000)
            .mapToObj(
                i ->
                    TestEnvelopes.envelope(
                        "crash-" + i,
                        "berlin",
                        java.time.Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i)))
            .toList();
    return TestEnvelopes.object("2026/11/25/berlin", envelopes);
  }

  public static void main(String[] args) throws Exception {
    LocalDirectoryBlobStore store =
        new LocalDirectoryBlobStore(
            Path.of(args[0]),
            (content, out) -> {
              out.write(content, 0, content.length / 2);
              out.flush();
              System.out.println(HALF_WRITTEN);
              System.out.flush();
              try {
                Thread.sleep(120_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    store.putIfAbsent(object());
  }
}
