package io.dataflow.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders {@code docs/configuration.md} from {@link SettingsCatalog}. Run {@code main} with the
 * output path to regenerate it; a unit test fails when the committed file differs.
 */
public final class ConfigurationReference {
  private ConfigurationReference() {}

  public static String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Configuration reference\n\n")
        .append(
            "Generated from the declared settings (`io.dataflow.config.SettingsCatalog`); do not edit by hand.\n")
        .append(
            "Regenerate: `mvn -pl dataflow-ejb test -Dtest=ConfigurationReferenceTest -Ddataflow.docs.update=true`.\n\n")
        .append(
            "Every `dataflow.*` key is read through MicroProfile Config, so it can be set as a system property,\n")
        .append(
            "in `microprofile-config.properties`, or as an environment variable: upper case, with every\n")
        .append(
            "character that is not a letter or digit replaced by `_` (`dataflow.archive.max-batch-bytes` is\n")
        .append(
            "`DATAFLOW_ARCHIVE_MAX_BATCH_BYTES`). A bad value stops the deployment with a message naming the key.\n\n")
        .append("## Application settings\n\n")
        .append("| Key | Environment variable | Default | Allowed | Description |\n")
        .append("|---|---|---|---|---|\n");
    List<Setting<?>> all = SettingsCatalog.all();
    for (Setting<?> s : all) {
      if (s.key().startsWith("dataflow.")) {
        row(b, s, true);
      }
    }
    b.append("\n## Bus channel attributes\n\n")
        .append(
            "Set per channel as `mp.messaging.incoming.CHANNEL.ATTRIBUTE` or `mp.messaging.outgoing.CHANNEL.ATTRIBUTE`\n")
        .append(
            "(environment: `MP_MESSAGING_INCOMING_RAW_IN_CAPACITY` and so on). The channels and their defaults are in\n")
        .append("`dataflow-ejb/src/main/resources/META-INF/microprofile-config.properties`.\n\n")
        .append("| Attribute | Default | Allowed | Description |\n")
        .append("|---|---|---|---|\n");
    for (Setting<?> s : all) {
      if (!s.key().startsWith("dataflow.")) {
        row(b, s, false);
      }
    }
    return b.toString();
  }

  private static void row(StringBuilder b, Setting<?> s, boolean withEnv) {
    b.append("| `").append(s.key()).append("` | ");
    if (withEnv) {
      b.append('`').append(s.environmentVariable()).append("` | ");
    }
    b.append(
            s.defaultValue().isEmpty()
                ? "(not set)"
                : "`" + s.defaultValue().replace("|", "\\|") + "`")
        .append(" | ")
        .append(s.allowed().replace("|", "\\|"))
        .append(" | ")
        .append(s.description().replace("|", "\\|").replace("\n", " "))
        .append(" |\n");
  }

  public static void main(String[] args) throws IOException {
    Files.writeString(Path.of(args.length > 0 ? args[0] : "docs/configuration.md"), render());
  }
}
