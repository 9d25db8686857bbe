package io.dataflow.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus' {@code promtool} (Debian package prometheus, installed by bin/ensure-tools). */
public final class Promtool {
  private Promtool() {}

  /** The promtool on the PATH, or null. */
  public static Path find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  public static boolean installed() {
    return find() != null;
  }

  /** Exit code and combined stdout + stderr of one promtool run. */
  public record Result(int exitCode, String output) {
    public List<String> lines() {
      List<String> l = new ArrayList<>();
      for (String line : output.split("\n")) {
        if (!line.isBlank()) {
          l.add(line);
        }
      }
      return l;
    }
  }

  /** Runs {@code promtool ARGS...} with {@code stdin} as its standard input (null for none). */
  public static Result run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(find().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Process p = pb.start();
    if (stdin != null) {
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } else {
      p.getOutputStream().close();
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("promtool did not finish within 60 s: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
