package io.dataflow.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts failed logins per user name and per client address, and locks either for a while once it
 * has failed too often: {@code maxFailures} failures within {@code window} (from the first counted
 * one) lock it for {@code lockout}. While locked, every login of that user or from that address is
 * refused before its password is checked, so the right password does not help.
 *
 * <p>Memory is bounded: at most {@link #MAX_KEYS} counters and as many locks, each dropped when it
 * expires (Caffeine). An attacker who rotates through more addresses than that evicts older
 * counters; the per-user counter still locks the user name they are guessing.
 */
public final class LoginThrottle {
  static final int MAX_KEYS = 10_000;

  private final int maxFailures;
  private final long windowNanos;
  private final long lockoutNanos;
  private final Ticker ticker;
  private final Cache<String, Failures> failures;
  private final Cache<String, Long> lockedUntil;

  private record Failures(int count, long firstNanos) {}

  public LoginThrottle(int maxFailures, Duration window, Duration lockout, Ticker ticker) {
    this.maxFailures = maxFailures;
    this.windowNanos = window.toNanos();
    this.lockoutNanos = lockout.toNanos();
    this.ticker = ticker;
    this.failures =
        Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(window).ticker(ticker).build();
    this.lockedUntil =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterWrite(lockout)
            .ticker(ticker)
            .build();
  }

  /** How long the user name or the address is still locked for; empty when neither is. */
  public Optional<Duration> lockedFor(String user, String address) {
    long now = ticker.read();
    long remaining = Math.max(remaining(userKey(user), now), remaining(addressKey(address), now));
    return remaining > 0 ? Optional.of(Duration.ofNanos(remaining)) : Optional.empty();
  }

  private long remaining(String key, long now) {
    Long until = lockedUntil.getIfPresent(key);
    return until == null ? 0 : until - now;
  }

  /**
   * Counts a failed login of {@code user} from {@code address}; true when this failure locked the
   * user name or the address.
   */
  public boolean recordFailure(String user, String address) {
    boolean userLocked = count(userKey(user));
    boolean addressLocked = count(addressKey(address));
    return userLocked || addressLocked;
  }

  private boolean count(String key) {
    long now = ticker.read();
    Failures f =
        failures
            .asMap()
            .compute(
                key,
                (k, old) ->
                    old == null || now - old.firstNanos() >= windowNanos
                        ? new Failures(1, now)
                        : new Failures(old.count() + 1, old.firstNanos()));
    if (f.count() >= maxFailures) {
      failures.invalidate(key);
      lockedUntil.put(key, now + lockoutNanos);
      return true;
    }
    return false;
  }

  /** A successful login forgets the failures of that user name (not those of its address). */
  public void recordSuccess(String user) {
    failures.invalidate(userKey(user));
  }

  private static String userKey(String user) {
    return "u:" + (user == null ? "" : user);
  }

  private static String addressKey(String address) {
    return "a:" + (address == null ? "" : address);
  }
}
