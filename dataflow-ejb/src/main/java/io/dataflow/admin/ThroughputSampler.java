package io.dataflow.admin;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Feeds the console's {@link ThroughputHistory} once a second. An EJB because the container's timer
 * service is what it adds: a non-persistent schedule that starts with the application.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ThroughputSampler {
  private static final Logger LOG = Logger.getLogger(ThroughputSampler.class.getName());

  @Inject PipelineFacade facade;

  @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "console sampler")
  void sample() {
    try {
      facade.tick();
    } catch (RuntimeException e) {
      // A failed sample leaves a gap in the chart; the timer must keep running.
      LOG.log(Level.WARNING, "Sampling pipeline counters failed", e);
    }
  }
}
