package io.dataflow.bus;

import io.dataflow.concurrent.Heartbeat;
import io.dataflow.concurrent.Heartbeats;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A Reactive Streams publisher for one incoming channel whose messages come from a blocking poll (a
 * local subscription, an MQTT receive queue). One worker thread waits for downstream demand, polls,
 * and hands each message on; at most one subscriber. A consumer that throws gets the message
 * nacked, and the worker goes on.
 *
 * <p>With a {@link Heartbeat}, the worker beats after every hand-off (a nacked one included),
 * reports itself dead when its thread ends other than by {@link #stop()} or a cancel (an {@link
 * Error} from the consumer, a failing poll), and closes the heartbeat when it stops. Its owner's
 * pending supplier tells whether messages wait, and {@link #hasDemand()} whether the consumer asks
 * for them: without demand, waiting is backpressure, not a stall.
 *
 * @param <T> the message payload type
 */
public final class PollingPublisher<T> implements Publisher<Message<T>> {
  /** A blocking source of messages. */
  @FunctionalInterface
  public interface Poller<T> {
    /** The next message, or null when none arrived within {@code timeoutMillis}. */
    Message<T> poll(long timeoutMillis) throws InterruptedException;
  }

  private static final Logger LOG = Logger.getLogger(PollingPublisher.class.getName());
  private static final long POLL_MILLIS = 250;
  private final String channel;
  private final Poller<T> poller;
  private final ThreadFactory threads;
  private final Heartbeat heartbeat;
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private volatile Worker worker;

  public PollingPublisher(String channel, Poller<T> poller, ThreadFactory threads) {
    this(channel, poller, threads, Heartbeats.unobserved().register(channel));
  }

  /** A publisher whose worker reports to {@code heartbeat} (see the class comment). */
  public PollingPublisher(
      String channel, Poller<T> poller, ThreadFactory threads, Heartbeat heartbeat) {
    this.channel = channel;
    this.poller = poller;
    this.threads = threads;
    this.heartbeat = heartbeat;
  }

  /** Whether a subscriber is attached and has not cancelled. */
  public boolean isSubscribed() {
    Worker w = worker;
    return w != null && !w.cancelled;
  }

  /** Whether the consumer has asked for messages it has not been handed yet (no lock taken). */
  public boolean hasDemand() {
    Worker w = worker;
    return w != null && !w.cancelled && w.demand > 0;
  }

  /** Stops handing out messages; the worker thread ends within one poll interval. */
  public void stop() {
    Worker w = worker;
    if (w != null) {
      w.cancel();
    }
  }

  @Override
  public void subscribe(Subscriber<? super Message<T>> downstream) {
    if (!subscribed.compareAndSet(false, true)) {
      downstream.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      downstream.onError(
          new IllegalStateException("Channel " + channel + " allows one subscriber"));
      return;
    }
    Worker w = new Worker(downstream);
    worker = w;
    downstream.onSubscribe(w);
    Thread t = threads.newThread(w);
    t.setName("dataflow-" + channel);
    t.setDaemon(true);
    t.start();
    heartbeat.whileRunning(() -> t.isAlive() || w.cancelled);
  }

  private final class Worker implements Subscription, Runnable {
    private final Subscriber<? super Message<T>> downstream;
    private final Object lock = new Object();
    // Guarded by lock; volatile for hasDemand().
    private volatile long demand;
    private volatile boolean cancelled;

    Worker(Subscriber<? super Message<T>> downstream) {
      this.downstream = downstream;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        cancel();
        downstream.onError(
            new IllegalArgumentException("Reactive Streams rule 3.9: request must be positive"));
        return;
      }
      synchronized (lock) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        lock.notifyAll();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      heartbeat.close();
      synchronized (lock) {
        lock.notifyAll();
      }
    }

    @Override
    public void run() {
      try {
        while (!cancelled) {
          synchronized (lock) {
            while (demand == 0 && !cancelled) {
              lock.wait(POLL_MILLIS);
            }
          }
          if (cancelled) {
            break;
          }
          Message<T> m = poller.poll(POLL_MILLIS);
          if (m == null) {
            continue;
          }
          synchronized (lock) {
            if (demand != Long.MAX_VALUE) {
              demand--;
            }
          }
          try {
            downstream.onNext(m);
          } catch (RuntimeException e) {
            LOG.log(
                Level.WARNING,
                "Consumer of channel " + channel + " failed; the message is nacked",
                e);
            m.nack(e);
          }
          heartbeat.beat();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (!cancelled) {
          heartbeat.died("the worker of channel " + channel + " was interrupted");
        }
      } catch (RuntimeException | Error e) {
        LOG.log(Level.SEVERE, "The worker of channel " + channel + " stopped", e);
        // Logged and reported: the thread ends here, and /health/live asks for a restart.
        heartbeat.died("the worker of channel " + channel + " stopped: " + e);
      }
    }
  }
}
