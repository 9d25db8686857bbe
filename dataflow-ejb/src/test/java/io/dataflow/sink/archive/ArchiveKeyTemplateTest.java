package io.dataflow.sink.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import io.dataflow.envelope.Envelope;
import io.dataflow.testing.MapConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveKeyTemplateTest {
  private static final Instant LATE_EVENING_UTC = Instant.parse("2026-11-25T23:30:00Z");
  private final ArchiveKeyTemplate defaultTemplate =
      ArchiveKeyTemplate.parse(ArchiveSettings.KEY_TEMPLATE.defaultValue());

  @Test
  void defaultTemplateIsEventDateInUtcAndLocation() {
    Envelope e = TestEnvelopes.envelope("a", "berlin", LATE_EVENING_UTC);

    assertThat(defaultTemplate.keyOf(e).value()).isEqualTo("2026/11/25/berlin");
  }

  @Test
  void missingLocationBecomesUnknown() {
    Envelope e = TestEnvelopes.envelope("a", null, LATE_EVENING_UTC);

    assertThat(defaultTemplate.keyOf(e).value()).isEqualTo("2026/11/25/unknown");
  }

  @Test
  void anyFieldAttributeOrEnrichmentValueCanBeUsed() {
    Envelope e =
        TestEnvelopes.envelope("id-1", "berlin", LATE_EVENING_UTC)
            .withAttribute("tenant", "acme")
            .withEnrichment(Map.of("site", Map.of("city", "Köln"), "fleet", 7));
    ArchiveKeyTemplate t =
        ArchiveKeyTemplate.parse(
            "{attr.tenant}/{enrichment.site.city}/fleet-{enrichment.fleet}/{deviceId}/{HH}/{id}");

    assertThat(t.keyOf(e).value()).isEqualTo("acme/K_ln/fleet-7/" + e.deviceId() + "/23/id-1");
  }

  @Test
  void valuesAreSanitisedToStayInsideTheirSegment() {
    assertThat(ArchiveKeyTemplate.sanitise("../../etc/passwd")).isEqualTo(".._.._etc_passwd");
    assertThat(ArchiveKeyTemplate.sanitise("..")).isEqualTo("unknown");
    assertThat(ArchiveKeyTemplate.sanitise("  ")).isEqualTo("unknown");
    assertThat(ArchiveKeyTemplate.sanitise("New York #1?")).isEqualTo("New_York__1_");
    assertThat(ArchiveKeyTemplate.sanitise("x".repeat(300))).hasSize(100);
    Envelope e = TestEnvelopes.envelope("a", "a/b", LATE_EVENING_UTC);
    assertThat(defaultTemplate.keyOf(e).value()).isEqualTo("2026/11/25/a_b");
  }

  @Test
  void unknownPlaceholderOrUnsafeTextFailsAtParse() {
    assertThatThrownBy(() -> ArchiveKeyTemplate.parse("{yyyy}/{colour}"))
        .hasMessageContaining("{colour}");
    assertThatThrownBy(() -> ArchiveKeyTemplate.parse("{yyyy}//{location}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ArchiveKeyTemplate.parse("/abs/{location}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ArchiveKeyTemplate.parse("{yyyy")).hasMessageContaining("unclosed");
  }

  @Test
  void badTemplateInConfigFailsNamingTheKey() {
    MapConfig config = new MapConfig(Map.of("dataflow.archive.key-template", "{nope}"));

    assertThatThrownBy(() -> ArchiveConfig.read(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.archive.key-template")
        .hasMessageContaining("DATAFLOW_ARCHIVE_KEY_TEMPLATE");
  }

  @Test
  void defaultsReadFromAnEmptyConfig() {
    ArchiveConfig c = ArchiveConfig.read(new MapConfig(Map.of()));

    assertThat(c.limits().maxRecords()).isEqualTo(5_000);
    assertThat(c.bounds().maxPendingRecords()).isEqualTo(20_000);
    assertThat(c.template().template()).isEqualTo("{yyyy}/{MM}/{dd}/{location}");
  }
}
