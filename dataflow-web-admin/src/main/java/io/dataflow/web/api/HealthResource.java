package io.dataflow.web.api;

import io.dataflow.health.DetailedHealthCheck;
import io.dataflow.health.HealthReport;
import io.dataflow.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The server's health checks with their details: what {@code /health} shows to anyone (status,
 * short reason), plus what only administrators see (URLs without credentials, destinations, the
 * full text of the last error).
 */
@Path("health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
public class HealthResource {
  private static final Logger LOG = Logger.getLogger(HealthResource.class.getName());

  @Inject @Any Instance<DetailedHealthCheck> checks;

  /**
   * One health check's result.
   *
   * @param name the check's name in {@code /health}
   * @param kind {@code readiness}, {@code liveness} or both
   * @param status UP or DOWN
   * @param data what {@code /health} shows
   * @param details what only administrators see
   */
  public record CheckDetails(
      String name,
      List<String> kind,
      String status,
      Map<String, Object> data,
      Map<String, Object> details) {}

  @GET
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary =
          "Every health check with its details: broker URLs (without credentials), destinations"
              + " and the last errors' full text (administrators only)")
  public List<CheckDetails> health() {
    List<CheckDetails> out = new ArrayList<>();
    for (Instance.Handle<DetailedHealthCheck> h : checks.handles()) {
      List<String> kind = kind(h.getBean().getQualifiers());
      try {
        HealthReport r = h.get().report();
        out.add(new CheckDetails(r.name(), kind, r.up() ? "UP" : "DOWN", r.data(), r.details()));
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING, "Health check " + h.getBean().getBeanClass().getName() + " failed", e);
        out.add(
            new CheckDetails(
                h.getBean().getBeanClass().getSimpleName(),
                kind,
                "DOWN",
                Map.of(),
                Map.of("error", io.dataflow.config.Redaction.credentialsInUrls(e.toString()))));
      }
    }
    out.sort(Comparator.comparing(CheckDetails::name));
    return out;
  }

  private static List<String> kind(Set<Annotation> qualifiers) {
    List<String> kind = new ArrayList<>();
    for (Annotation q : qualifiers) {
      if (q.annotationType() == Readiness.class) {
        kind.add("readiness");
      } else if (q.annotationType() == Liveness.class) {
        kind.add("liveness");
      }
    }
    return kind;
  }
}
