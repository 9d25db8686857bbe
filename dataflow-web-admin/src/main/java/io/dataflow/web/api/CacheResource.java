package io.dataflow.web.api;

import io.dataflow.admin.AdminActionResult;
import io.dataflow.admin.CacheOverview;
import io.dataflow.admin.HistoryChart;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.ProviderUnavailableException;
import io.dataflow.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The enrich stage's cache tiers. */
@Path("cache")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cache")
public class CacheResource {
  @Inject PipelineFacade facade;
  @Context SecurityContext security;

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
  @Operation(
      summary =
          "Each tier: hits, misses, negative hits, errors, hit ratio, size, latency;"
              + " available=false when the enrich stage does not run here")
  public CacheOverview cache() {
    return facade.cache();
  }

  @GET
  @Path("history")
  @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
  @Operation(summary = "Hit ratio of each tier, last 15 minutes, 5 s steps")
  public HistoryChart history() {
    return facade.cacheHitRatios();
  }

  @POST
  @Path("invalidate/{deviceId}")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Drops a device's metadata from every cache tier (audited)")
  @APIResponse(responseCode = "200", description = "done=false when no tier held the device")
  @APIResponse(responseCode = "503", description = "the enrich stage does not run here")
  public AdminActionResult invalidate(@PathParam("deviceId") String deviceId)
      throws ProviderUnavailableException {
    return facade.invalidate(deviceId, security.getUserPrincipal().getName());
  }
}
