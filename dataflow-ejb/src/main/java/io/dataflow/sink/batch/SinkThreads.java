package io.dataflow.sink.batch;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Threads for a sink's writes and deadline checks: the container's default managed thread factory
 * when there is one (feature concurrent-3.0), so the threads carry the application's context; plain
 * daemon threads otherwise (tests, tools).
 */
public final class SinkThreads {
  private static final Logger LOG = Logger.getLogger(SinkThreads.class.getName());
  private static final String DEFAULT_FACTORY = "java:comp/DefaultManagedThreadFactory";

  private SinkThreads() {}

  /** A thread factory for the sink {@code name}. */
  public static ThreadFactory factory(String name) {
    try {
      ThreadFactory managed = InitialContext.doLookup(DEFAULT_FACTORY);
      return managed;
    } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
      LOG.info(name + ": no " + DEFAULT_FACTORY + " (" + e + "); using plain threads");
      return plain(name);
    }
  }

  /** Daemon threads named {@code dataflow-<name>-<n>}. */
  public static ThreadFactory plain(String name) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory base = Executors.defaultThreadFactory();
    return r -> {
      Thread t = base.newThread(r);
      t.setName("dataflow-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
