package io.dataflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules (deploy/monitoring/prometheus) are valid for {@code promtool check rules}
 * and pass their unit tests ({@code promtool test rules}). promtool is Debian's prometheus package,
 * which bin/ensure-tools installs.
 */
class MonitoringRulesTest {
  private static final Path DIR = Path.of("..", "deploy", "monitoring", "prometheus");
  private static Path promtool;

  @BeforeAll
  static void promtool() {
    promtool = find().orElse(null);
    Assumptions.assumeTrue(
        promtool != null,
        "promtool is not on the PATH (bin/ensure-tools installs it: apt-get install prometheus)");
  }

  @Test
  void alertRulesPassPromtoolCheckRules() throws Exception {
    String out = run("check", "rules", "dataflow-alerts.yml");
    assertThat(out).contains("SUCCESS").doesNotContain("FAILED").doesNotContainIgnoringCase("warn");
  }

  @Test
  void alertRulesPassTheirPromtoolUnitTests() throws Exception {
    assertThat(run("test", "rules", "dataflow-alerts.test.yml")).contains("SUCCESS");
  }

  private static String run(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(promtool.toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool %s:\n%s", String.join(" ", args), out).isZero();
    return out;
  }

  private static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
