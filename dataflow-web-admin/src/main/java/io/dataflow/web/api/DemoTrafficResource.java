package io.dataflow.web.api;

import io.dataflow.admin.AdminActionResult;
import io.dataflow.admin.DemoTrafficOverview;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.ProviderUnavailableException;
import io.dataflow.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The demo traffic: a simulated fleet publishing into this server's MQTT broker. */
@Path("demo")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "demo traffic")
public class DemoTrafficResource {
  @Inject PipelineFacade facade;
  @Context SecurityContext security;

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
  @Operation(
      summary =
          "Running or not, broker, rate, fleet, messages published and skipped;"
              + " available=false when the ingestion stage does not run here")
  public DemoTrafficOverview state() {
    return facade.demoTraffic();
  }

  @POST
  @Path("start")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Starts publishing demo traffic (audited)")
  @APIResponse(responseCode = "200", description = "done=false when it was already running")
  @APIResponse(responseCode = "503", description = "the ingestion stage does not run here")
  public AdminActionResult start() throws ProviderUnavailableException {
    return facade.startDemoTraffic(user());
  }

  @POST
  @Path("stop")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Stops the demo traffic (audited)")
  @APIResponse(responseCode = "200", description = "done=false when it was not running")
  @APIResponse(responseCode = "503", description = "the ingestion stage does not run here")
  public AdminActionResult stop() throws ProviderUnavailableException {
    return facade.stopDemoTraffic(user());
  }

  private String user() {
    return security.getUserPrincipal().getName();
  }
}
