package io.dataflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every variable the container image sets (Dockerfile {@code ENV}) is read by someone: a
 * liberty/server.xml variable (Liberty maps {@code a.b} to the environment variable {@code A_B}), a
 * dataflow setting, or one of Liberty's own launch variables. A misspelt name, such as a security
 * default of the image, would otherwise be ignored without a word.
 */
class ContainerImageEnvironmentTest {
  private static final Path ROOT = Path.of("..");

  /**
   * Variables Liberty itself reads at launch (Open Liberty's logging configuration, "Logging and
   * tracing": the console's format, sources and level, and the JSON field names), spelt as its
   * documentation spells them.
   */
  private static final Set<String> LIBERTY_LAUNCH =
      Set.of(
          "WLP_LOGGING_CONSOLE_FORMAT",
          "WLP_LOGGING_CONSOLE_SOURCE",
          "WLP_LOGGING_CONSOLE_LOGLEVEL",
          "WLP_LOGGING_JSON_FIELD_MAPPINGS");

  static List<String> imageEnvironment() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    Matcher env = Pattern.compile("(?m)^ENV ((?:.*\\\\\\n)*.*)$").matcher(dockerfile);
    List<String> names = new ArrayList<>();
    while (env.find()) {
      for (String line : env.group(1).split("\\\\\\n")) {
        Matcher kv = Pattern.compile("([A-Z][A-Z0-9_]*)=").matcher(line);
        while (kv.find()) {
          names.add(kv.group(1));
        }
      }
    }
    return names;
  }

  static Set<String> serverXmlVariables() throws Exception {
    String xml = Files.readString(ROOT.resolve("liberty/server.xml"));
    Matcher v = Pattern.compile("<variable name=\"([^\"]+)\"").matcher(xml);
    Set<String> names = new java.util.HashSet<>();
    while (v.find()) {
      names.add(v.group(1).replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
    }
    return names;
  }

  @Test
  void everyVariableOfTheImageIsReadByTheServerOrTheApplication() throws Exception {
    List<String> image = imageEnvironment();
    Set<String> liberty = serverXmlVariables();
    Set<String> settings =
        SettingsCatalog.all().stream()
            .map(Setting::environmentVariable)
            .collect(Collectors.toSet());

    assertThat(image)
        .contains(
            "HTTP_HOST",
            "HTTPS_PORT",
            "DATAFLOW_TLS_KEYSTORE",
            "SESSION_COOKIE_SECURE",
            "SSO_REQUIRES_SSL",
            "METRICS_AUTHENTICATION",
            "DATAFLOW_ADMIN_REDIRECT_TO_HTTPS");
    assertThat(image)
        .allSatisfy(
            name ->
                assertThat(
                        liberty.contains(name)
                            || settings.contains(name)
                            || LIBERTY_LAUNCH.contains(name))
                    .as(name + " is a server.xml variable, a dataflow setting or read by Liberty")
                    .isTrue());
  }
}
