package io.dataflow.bus.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTest {
  @Test
  void defaultRouteSubscribesTheTelemetryFilterAndTakesTheSecondLevel() {
    List<Route> routes = Route.parseAll("k", MqttSettings.ROUTES.defaultValue());
    assertThat(routes)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo("telemetry");
              assertThat(r.qos()).isEqualTo(1);
              assertThat(r.topicFilter()).isEqualTo("devices/+/telemetry");
            });
    assertThat(Route.match(routes, "devices/pump-7/telemetry"))
        .get()
        .extracting(Route.Match::deviceId)
        .isEqualTo("pump-7");
  }

  @Test
  void topicsThatDoNotFitThePatternDoNotMatch() {
    Route r = new Route("t", "devices/{deviceId}/telemetry", 1);
    assertThat(r.deviceIdOf("devices/d1/status")).isEmpty();
    assertThat(r.deviceIdOf("devices/d1/telemetry/extra")).isEmpty();
    assertThat(r.deviceIdOf("devices//telemetry")).isEmpty();
    assertThat(r.deviceIdOf("other/d1/telemetry")).isEmpty();
  }

  @Test
  void aDeviceTopicIsThePatternWithTheDeviceIdAndFillersElsewhere() {
    Route r = new Route("t", "site/{site}/{deviceId}/+/#", 1);

    assertThat(r.topicFor("pump-7", "x")).isEqualTo("site/x/pump-7/x/x");
    assertThat(r.deviceIdOf(r.topicFor("pump-7", "x"))).contains("pump-7");
    assertThat(r.deviceIdOf(r.topicFor("", "x"))).isEmpty();
  }

  @Test
  void otherPlaceholdersAndMultiLevelWildcardsAreSupported() {
    Route r = new Route("t", "site/{site}/{deviceId}/#", 0);
    assertThat(r.topicFilter()).isEqualTo("site/+/+/#");
    assertThat(r.deviceIdOf("site/berlin/d9/a/b")).contains("d9");
    Route first = Route.parseAll("k", "a=x/{deviceId}@2,b=y/{deviceId}/z").get(0);
    assertThat(first.qos()).isEqualTo(2);
  }

  @Test
  void invalidRoutesFailNamingTheKey() {
    assertThatThrownBy(() -> Route.parseAll("dataflow.ingest.routes", "t=devices/+/telemetry"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataflow.ingest.routes")
        .hasMessageContaining("{deviceId}");
    assertThatThrownBy(() -> Route.parseAll("dataflow.ingest.routes", "t=a/{deviceId}@3"))
        .hasMessageContaining("QoS");
    assertThatThrownBy(() -> Route.parseAll("dataflow.ingest.routes", "t=a/#/{deviceId}"))
        .hasMessageContaining("last level");
    assertThatThrownBy(() -> Route.parseAll("dataflow.ingest.routes", " , "))
        .hasMessageContaining("at least one route");
  }
}
