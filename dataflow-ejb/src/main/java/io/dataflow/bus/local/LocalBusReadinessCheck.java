package io.dataflow.bus.local;

import io.dataflow.health.DetailedHealthCheck;
import io.dataflow.health.HealthReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.Readiness;

/**
 * Down while a journal of the local bus cannot write (a full disk), with the reason naming the
 * directory under the data directory (the full path and the error are in the admin details):
 * publishes fail meanwhile and their producers retry, so intake stops until the storage writes
 * again, without a restart.
 */
@Readiness
@ApplicationScoped
public class LocalBusReadinessCheck implements DetailedHealthCheck {
  static final String NAME = "local-bus";

  @Inject LocalBus bus;

  @Override
  public HealthReport report() {
    HealthReport.Builder b =
        HealthReport.named(NAME).data("journal", bus.journaled() ? "on" : "off");
    List<String> failing = bus.topicsWithStorageProblems();
    if (!failing.isEmpty()) {
      b.data(
              "reason",
              "journal storage failing in "
                  + failing.stream()
                      .map(t -> "<data-dir>/bus/" + t)
                      .collect(java.util.stream.Collectors.joining(", "))
                  + ": intake paused until writes succeed again")
          .detail("storage", bus.storageProblem().orElse(""));
    }
    return b.build(failing.isEmpty());
  }
}
