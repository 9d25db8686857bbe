package io.dataflow.web.api;

import io.dataflow.admin.HistoryChart;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.PipelineOverview;
import io.dataflow.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Stage overview and throughput history. */
@Path("pipeline")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pipeline")
public class PipelineResource {
  @Inject PipelineFacade facade;

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
  @Operation(
      summary = "Every stage: enabled, health, counters, in-flight, rates over 1 and 5 minutes")
  public PipelineOverview pipeline() {
    return facade.pipeline();
  }

  @GET
  @Path("history")
  @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
  @Operation(
      summary = "Messages received per second by each enabled stage, last 15 minutes, 5 s steps")
  public HistoryChart history() {
    return facade.throughput();
  }
}
