package io.dataflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Ticker ticker = now::get;
  private final LoginThrottle throttle =
      new LoginThrottle(3, Duration.ofMinutes(1), Duration.ofSeconds(30), ticker);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void locksTheUserAfterMaxFailuresAndForTheLockoutOnly() {
    assertThat(throttle.recordFailure("admin", "10.0.0.1")).isFalse();
    assertThat(throttle.recordFailure("admin", "10.0.0.2")).isFalse();
    assertThat(throttle.lockedFor("admin", "10.0.0.9")).isEmpty();

    assertThat(throttle.recordFailure("admin", "10.0.0.3")).isTrue();

    assertThat(throttle.lockedFor("admin", "10.0.0.9")).hasValue(Duration.ofSeconds(30));
    advance(Duration.ofSeconds(20));
    assertThat(throttle.lockedFor("admin", "10.0.0.9")).hasValue(Duration.ofSeconds(10));
    assertThat(throttle.lockedFor("viewer", "10.0.0.9")).isEmpty();
    advance(Duration.ofSeconds(10));
    assertThat(throttle.lockedFor("admin", "10.0.0.9")).isEmpty();
  }

  @Test
  void locksTheAddressWhateverTheUserNames() {
    throttle.recordFailure("a", "192.0.2.7");
    throttle.recordFailure("b", "192.0.2.7");
    throttle.recordFailure("c", "192.0.2.7");

    assertThat(throttle.lockedFor("someone-else", "192.0.2.7")).isPresent();
    assertThat(throttle.lockedFor("someone-else", "192.0.2.8")).isEmpty();
  }

  @Test
  void failuresFurtherApartThanTheWindowDoNotAddUp() {
    throttle.recordFailure("admin", "x");
    throttle.recordFailure("admin", "y");
    advance(Duration.ofSeconds(61));

    assertThat(throttle.recordFailure("admin", "z")).isFalse();
    assertThat(throttle.lockedFor("admin", "w")).isEmpty();
  }

  @Test
  void aSuccessfulLoginForgetsTheUsersFailures() {
    throttle.recordFailure("admin", "x");
    throttle.recordFailure("admin", "y");
    throttle.recordSuccess("admin");

    assertThat(throttle.recordFailure("admin", "z")).isFalse();
    assertThat(throttle.lockedFor("admin", "w")).isEmpty();
  }

  @Test
  void aLockIsNotLiftedByASuccess() {
    for (int i = 0; i < 3; i++) {
      throttle.recordFailure("admin", "x" + i);
    }
    throttle.recordSuccess("admin");

    assertThat(throttle.lockedFor("admin", "w")).isPresent();
  }
}
