package io.dataflow.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.Counter;

/**
 * A monotonic count that components keep on their hot path and that becomes a MicroProfile {@link
 * Counter} once bound to the registry: from then on every increment goes to the registered counter
 * and {@link #get()} reads it, so the console and /metrics show the same figure. Before binding (or
 * in unit tests, never bound) it counts locally; binding carries that count over. Components are
 * bound at start-up, before traffic.
 */
public final class Count {
  private volatile Counter target = new Local();

  public void inc() {
    target.inc();
  }

  public void add(long n) {
    if (n > 0) {
      target.inc(n);
    }
  }

  public long get() {
    return target.getCount();
  }

  /** From now on counts into {@code counter}, which gets what was counted so far. */
  public synchronized void bind(Counter counter) {
    if (counter == target) {
      return;
    }
    long before = target.getCount() - counter.getCount();
    target = counter;
    if (before > 0) {
      counter.inc(before);
    }
  }

  /** A counter kept outside any registry. */
  static final class Local implements Counter {
    private final LongAdder n = new LongAdder();

    @Override
    public void inc() {
      n.increment();
    }

    @Override
    public void inc(long by) {
      n.add(by);
    }

    @Override
    public long getCount() {
      return n.sum();
    }
  }
}
