import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The CPU cost per message of each component of the pipeline, from a JFR recording of the server
 * (bench/e2e.sh --profile) and two snapshots of the server's per-thread CPU time (start and end of
 * the recorded phase, from /proc: bench/profile/thread_cpu.py).
 *
 * <p>Method. Threads are split by name into GC, JIT compiler and the rest (Java threads). The Java
 * threads' CPU time is divided among components in proportion to JFR's execution samples (a sample
 * of a thread running Java code, every 10 ms with the "profile" settings): each sample goes to the
 * component of its innermost frame that belongs to a known component (so a Deflater frame under the
 * archive stage counts as compression, a JDK file write under the journal as the journal). GC and
 * JIT are their threads' own CPU time. Allocation: the sum over threads of {@code
 * jdk.ThreadAllocationStatistics} growth during the recording.
 *
 * <p>Usage: {@code java JfrBreakdown.java RECORDING.jfr MESSAGES CPU_START CPU_END OUT.json}
 * (single-file source launch; JDK 17+).
 */
public final class JfrBreakdown {
  /** Component and the class-name prefixes that mark it, innermost match wins; order breaks ties. */
  private static final List<Map.Entry<String, List<String>>> COMPONENTS =
      List.of(
          Map.entry("archive encoder and compressor", List.of("java.util.zip.", "io.dataflow.sink.archive.")),
          Map.entry("warehouse writer (H2)", List.of("org.h2.", "io.dataflow.sink.bigquery.")),
          Map.entry("journal (encode, write, fsync)", List.of("io.dataflow.bus.local.")),
          Map.entry("envelope codec (JSON)", List.of("io.dataflow.envelope.", "com.fasterxml.jackson.")),
          Map.entry("MQTT client and callback", List.of("org.eclipse.paho.", "io.dataflow.bus.mqtt.")),
          Map.entry("ingestion (envelope factory, validation)", List.of("io.dataflow.ingest.")),
          Map.entry("enrich (lookups, caches)", List.of("io.dataflow.enrich.", "com.github.benmanes.caffeine.", "redis.clients.")),
          Map.entry("sink batching", List.of("io.dataflow.sink.batch.")),
          Map.entry("dead letters", List.of("io.dataflow.deadletter.")),
          Map.entry("metrics", List.of("io.dataflow.metrics.", "io.smallrye.metrics.", "io.openliberty.microprofile.metrics", "com.ibm.ws.microprofile.metrics", "io.micrometer.")),
          Map.entry("reactive messaging (SmallRye, Mutiny)", List.of("io.smallrye.reactive.", "io.smallrye.mutiny.")),
          Map.entry("other dataflow code", List.of("io.dataflow.")),
          Map.entry("HTTP (metrics scrapes, console)", List.of("com.ibm.ws.http", "com.ibm.ws.webcontainer", "com.ibm.ws.tcpchannel", "com.ibm.io.async")));

  private static final String OTHER = "other (JDK, Liberty runtime)";

  public static void main(String[] args) throws IOException {
    Path recording = Path.of(args[0]);
    long messages = Long.parseLong(args[1]);
    Map<String, double[]> cpuStart = readCpu(Path.of(args[2]));
    Map<String, double[]> cpuEnd = readCpu(Path.of(args[3]));

    Map<String, Long> samples = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> c : COMPONENTS) {
      samples.put(c.getKey(), 0L);
    }
    samples.put(OTHER, 0L);
    Map<Long, long[]> allocated = new HashMap<>(); // thread id -> {first, last}
    long totalSamples = 0;
    double gcPauseSeconds = 0;
    long gcCount = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        switch (e.getEventType().getName()) {
          case "jdk.ExecutionSample" -> {
            totalSamples++;
            samples.merge(component(e.getStackTrace()), 1L, Long::sum);
          }
          case "jdk.ThreadAllocationStatistics" -> {
            RecordedThread t = e.getThread("thread");
            if (t != null) {
              long bytes = e.getLong("allocated");
              allocated.merge(
                  t.getJavaThreadId(),
                  new long[] {bytes, bytes},
                  (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
          }
          case "jdk.GarbageCollection" -> {
            gcCount++;
            gcPauseSeconds += e.getDuration("sumOfPauses").toNanos() / 1e9;
          }
          default -> {}
        }
      }
    }

    // CPU seconds per thread group during the recorded phase.
    double gc = 0;
    double jit = 0;
    double java = 0;
    for (Map.Entry<String, double[]> end : cpuEnd.entrySet()) {
      double[] start = cpuStart.getOrDefault(end.getKey(), new double[] {0, 0});
      double used = end.getValue()[1] - start[1];
      if (used <= 0) {
        continue;
      }
      String name = threadName(end.getKey());
      if (isGc(name)) {
        gc += used;
      } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
        jit += used;
      } else {
        java += used;
      }
    }
    long allocatedBytes = allocated.values().stream().mapToLong(a -> a[1] - a[0]).sum();

    StringBuilder json = new StringBuilder();
    json.append("{\n  \"messages\": ").append(messages);
    json.append(",\n  \"cpuSeconds\": ").append(round(gc + jit + java, 2));
    json.append(",\n  \"cpuMicrosPerMessage\": ").append(round((gc + jit + java) * 1e6 / messages, 1));
    json.append(",\n  \"executionSamples\": ").append(totalSamples);
    json.append(",\n  \"allocatedBytesPerMessage\": ").append(Math.round((double) allocatedBytes / messages));
    json.append(",\n  \"gcCount\": ").append(gcCount);
    json.append(",\n  \"gcPauseSeconds\": ").append(round(gcPauseSeconds, 3));
    json.append(",\n  \"components\": [");
    List<String> rows = new ArrayList<>();
    for (Map.Entry<String, Long> s : samples.entrySet()) {
      double share = totalSamples == 0 ? 0 : (double) s.getValue() / totalSamples;
      rows.add(row(s.getKey(), java * share, messages, s.getValue()));
    }
    rows.add(row("GC (collector threads)", gc, messages, -1));
    rows.add(row("JIT compiler threads", jit, messages, -1));
    json.append(String.join(",", rows)).append("\n  ]\n}\n");
    Files.writeString(Path.of(args[4]), json);
    System.out.print(json);
  }

  private static String row(String name, double cpuSeconds, long messages, long samples) {
    return String.format(
        Locale.ROOT,
        "\n    {\"component\": \"%s\", \"cpuSeconds\": %.3f, \"microsPerMessage\": %.1f%s}",
        name,
        cpuSeconds,
        cpuSeconds * 1e6 / messages,
        samples < 0 ? "" : ", \"samples\": " + samples);
  }

  private static String component(RecordedStackTrace stack) {
    if (stack == null) {
      return OTHER;
    }
    for (RecordedFrame f : stack.getFrames()) { // innermost first
      if (f.getMethod() == null || f.getMethod().getType() == null) {
        continue;
      }
      String type = f.getMethod().getType().getName();
      for (Map.Entry<String, List<String>> c : COMPONENTS) {
        for (String prefix : c.getValue()) {
          if (type.startsWith(prefix)) {
            return c.getKey();
          }
        }
      }
    }
    return OTHER;
  }

  private static boolean isGc(String name) {
    return name.startsWith("GC Thread")
        || name.startsWith("G1 ")
        || name.startsWith("VM Thread")
        || name.startsWith("GC ");
  }

  private static final Map<String, String> NAMES = new HashMap<>();

  private static String threadName(String tid) {
    return NAMES.getOrDefault(tid, "");
  }

  /** Lines "TID<TAB>CPU_SECONDS<TAB>NAME" → tid → {1, seconds}; names kept aside. */
  private static Map<String, double[]> readCpu(Path file) throws IOException {
    Map<String, double[]> m = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] p = line.split("\t", 3);
      if (p.length == 3) {
        m.put(p[0], new double[] {1, Double.parseDouble(p[1])});
        NAMES.put(p[0], p[2]);
      }
    }
    return m;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
