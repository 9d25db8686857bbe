package io.dataflow.concurrent;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The threads of the pipeline's own executors and consumers (connectors, stages, sinks): the
 * container's default managed thread factory (feature concurrent-3.0), so they carry the
 * application's context; plain daemon threads named for their component where there is none (unit
 * tests, tools).
 */
@ApplicationScoped
public class ManagedThreads {
  static final String DEFAULT_FACTORY = "java:comp/DefaultManagedThreadFactory";
  private static final Logger LOG = Logger.getLogger(ManagedThreads.class.getName());

  @Resource(lookup = DEFAULT_FACTORY)
  ManagedThreadFactory managed;

  /** A thread factory for the component {@code name} (a stage or a connector). */
  public ThreadFactory factory(String name) {
    if (managed != null) {
      return managed;
    }
    LOG.info(name + ": no " + DEFAULT_FACTORY + "; using plain threads");
    return plain(name);
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
