package io.dataflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.bus.mqtt.MqttSettings;
import io.dataflow.bus.mqtt.Route;
import io.dataflow.testing.FakeClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DemoRunTest {
  private final FakeClock clock = new FakeClock();
  private final FakePublisher publisher = new FakePublisher();

  private DemoRun run(int rate) {
    DemoFleet fleet =
        new DemoFleet(
            List.of("d1", "d2"),
            Route.parseAll("routes", MqttSettings.ROUTES.defaultValue()),
            "ts",
            262_144,
            DemoMix.DEFAULT,
            new SplittableRandom(1),
            clock);
    return new DemoRun(fleet, publisher, rate, clock.instant(), "alice");
  }

  @Test
  void everyTenTicksPublishExactlyTheRateSpreadEvenly() {
    assertThat(IntStream.range(0, 10).map(t -> DemoRun.due(t, 20))).containsOnly(2);
    assertThat(IntStream.range(0, 10).map(t -> DemoRun.due(t, 5))).containsOnly(0, 1);
    for (int rate : new int[] {1, 7, 25, 999}) {
      for (int start = 0; start < 30; start++) {
        int from = start;
        assertThat(IntStream.range(from, from + 10).map(t -> DemoRun.due(t, rate)).sum())
            .as("rate %d from tick %d", rate, from)
            .isEqualTo(rate);
      }
    }
  }

  @Test
  void aRefusingPublisherMakesMessagesSkippedNotQueued() {
    DemoRun r = run(20);
    publisher.accepting = false;
    for (int i = 0; i < 10; i++) {
      r.tick();
    }
    publisher.accepting = true;
    for (int i = 0; i < 10; i++) {
      r.tick();
    }

    assertThat(r.skipped()).isEqualTo(20);
    assertThat(r.sent()).isEqualTo(20);
    assertThat(publisher.published).as("no backlog after reconnecting").hasSize(20);
  }

  @Test
  void theRunRemembersWhoStartedItAndWhen() {
    DemoRun r = run(20);

    assertThat(r.startedBy()).isEqualTo("alice");
    assertThat(r.startedAt()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
    assertThat(r.ratePerSecond()).isEqualTo(20);
  }

  static final class FakePublisher implements DemoPublisher {
    final List<DemoMessage> published = new ArrayList<>();
    boolean accepting = true;

    @Override
    public boolean publish(DemoMessage message) {
      if (accepting) {
        published.add(message);
      }
      return accepting;
    }

    @Override
    public long acknowledged() {
      return published.size();
    }

    @Override
    public boolean isConnected() {
      return accepting;
    }

    @Override
    public String lastError() {
      return "";
    }

    @Override
    public void close() {
      accepting = false;
    }
  }
}
