package io.dataflow.web.api;

import io.dataflow.admin.AdminActionResult;
import io.dataflow.admin.ArchiveOverview;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The archive sink's pending groups. Group keys contain slashes ({@code 2026/11/25/berlin}), so the
 * key is matched by a regular expression and written plainly in the path: {@code POST
 * /admin/api/archive/batches/2026/11/25/berlin/flush}.
 */
@Path("archive/batches")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "archive")
public class ArchiveResource {
  @Inject PipelineFacade facade;
  @Context SecurityContext security;

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
  @Operation(
      summary =
          "Pending groups, oldest first: key, records, bytes, oldest age, next seal;"
              + " available=false when the archive stage does not run here")
  public ArchiveOverview batches() {
    return facade.archive();
  }

  @POST
  @Path("flush")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Seals and writes every pending group now (audited)")
  @APIResponse(responseCode = "200", description = "count = groups sealed")
  @APIResponse(responseCode = "503", description = "the archive stage does not run here")
  public AdminActionResult flushAll() throws ProviderUnavailableException {
    return facade.flushAll(user());
  }

  @POST
  @Path("{key: .+}/flush")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Seals and writes one pending group now (audited)")
  @APIResponse(responseCode = "200", description = "the group was sealed")
  @APIResponse(responseCode = "404", description = "no such group is pending")
  @APIResponse(responseCode = "503", description = "the archive stage does not run here")
  public Response flush(@PathParam("key") String key) throws ProviderUnavailableException {
    return found(facade.flush(key, user()));
  }

  @POST
  @Path("{key: .+}/hold")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary =
          "Holds one pending group: no age or idle seal until released; sealed anyway at its"
              + " count or byte limit or when the batcher's bounds need room (audited)")
  @APIResponse(responseCode = "200", description = "the group is held")
  @APIResponse(responseCode = "404", description = "no such group is pending")
  @APIResponse(responseCode = "503", description = "the archive stage does not run here")
  public Response hold(@PathParam("key") String key) throws ProviderUnavailableException {
    return found(facade.hold(key, user()));
  }

  @POST
  @Path("{key: .+}/release")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Ends the hold of a group; its deadlines apply again (audited)")
  @APIResponse(responseCode = "200", description = "the hold ended")
  @APIResponse(responseCode = "404", description = "the group was not held")
  @APIResponse(responseCode = "503", description = "the archive stage does not run here")
  public Response release(@PathParam("key") String key) throws ProviderUnavailableException {
    return found(facade.release(key, user()));
  }

  @POST
  @Path("{key: .+}/drop")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary =
          "Sends one pending group's records to the dead letter (reason operator-drop), from where"
              + " they can be replayed into the archive (audited; count = records)")
  @APIResponse(responseCode = "200", description = "the group was dropped")
  @APIResponse(responseCode = "404", description = "no such group is pending")
  @APIResponse(responseCode = "503", description = "the archive stage does not run here")
  public Response drop(@PathParam("key") String key) throws ProviderUnavailableException {
    return found(facade.drop(key, user()));
  }

  private static Response found(AdminActionResult r) {
    return Response.status(r.done() ? Response.Status.OK : Response.Status.NOT_FOUND)
        .entity(r)
        .build();
  }

  private String user() {
    return security.getUserPrincipal().getName();
  }
}
