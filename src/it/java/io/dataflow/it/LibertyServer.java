package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One more Liberty server in the runtime that the build installed ({@code wlp.home}), with the
 * build's server.xml and EAR and its own environment ({@code server.env}): a second dataflow
 * process with another stage set. Started and stopped with {@code bin/server}; {@link #kill()} is
 * SIGKILL of its JVM by pid.
 */
public final class LibertyServer implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path wlp = Path.of(System.getProperty("wlp.home", "target/liberty/wlp"));
  private final String name;
  private final int httpPort;

  public LibertyServer(String name, int httpPort, int httpsPort, Map<String, String> env)
      throws IOException, InterruptedException {
    this.name = name;
    this.httpPort = httpPort;
    Path template = wlp.resolve("usr/servers/dataflow");
    Path dir = wlp.resolve("usr/servers/" + name);
    if (!Files.exists(dir)) {
      run("create", 120);
    }
    Files.copy(
        template.resolve("server.xml"),
        dir.resolve("server.xml"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(dir.resolve("apps"));
    Files.copy(
        template.resolve("apps/dataflow.ear"),
        dir.resolve("apps/dataflow.ear"),
        StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> all = new java.util.TreeMap<>(env);
    all.put("HTTP_PORT", Integer.toString(httpPort));
    all.put("HTTPS_PORT", Integer.toString(httpsPort));
    Files.writeString(
        dir.resolve("server.env"),
        all.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n")));
  }

  /**
   * A data directory of its own for a test's server, {@code NAME} beside the shared server's
   * ({@code it.data.dir}), created; absolute.
   */
  public static Path dataDirectory(String name) throws IOException {
    return Files.createDirectories(
        Path.of(System.getProperty("it.data.dir", "target/it-data"))
            .resolveSibling(name)
            .toAbsolutePath());
  }

  public static boolean runtimeInstalled() {
    return Files.isExecutable(
        Path.of(System.getProperty("wlp.home", "target/liberty/wlp"), "bin", "server"));
  }

  /** Starts the server and waits until {@code server start} reports it started. */
  public void start() throws IOException, InterruptedException {
    run("start", 240);
  }

  /**
   * Waits up to 3 minutes for {@code /health/ready} to answer 200; fails at once if the application
   * did not start (CWWKZ0002E in the log).
   */
  public void awaitReady() {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptionsMatching(e -> !(e instanceof AssertionError))
        .until(
            () -> {
              Path messages = log();
              assertThat(Files.exists(messages) ? Files.readString(messages) : "")
                  .as("application start failed, see " + messages)
                  .doesNotContain("CWWKZ0002E");
              return get("/health/ready").statusCode() == 200;
            });
  }

  /** SIGKILL of the server's JVM: no shutdown hooks, no flush. */
  public void kill() throws IOException, InterruptedException {
    long pid =
        Long.parseLong(Files.readString(wlp.resolve("usr/servers/.pid/" + name + ".pid")).trim());
    ProcessHandle jvm =
        ProcessHandle.of(pid).orElseThrow(() -> new IOException("no process " + pid));
    jvm.destroyForcibly();
    try {
      jvm.onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("process " + pid + " did not die", e);
    }
  }

  public void stop() throws IOException, InterruptedException {
    run("stop", 120);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public Path log() {
    return wlp.resolve("usr/servers/" + name + "/logs/messages.log");
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } catch (IOException e) {
      kill();
    }
  }

  private void run(String action, int timeoutSeconds) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(wlp.resolve("bin/server").toString(), action, name)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    wlp.resolve(name + "-" + action + ".out").toFile()))
            .start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(
          "server " + action + " " + name + " did not finish in " + timeoutSeconds + " s");
    }
    if (p.exitValue() != 0 && !(action.equals("stop") && p.exitValue() == 1)) {
      throw new IOException("server " + action + " " + name + " exited " + p.exitValue());
    }
  }
}
