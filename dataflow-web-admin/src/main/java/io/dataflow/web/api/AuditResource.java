package io.dataflow.web.api;

import io.dataflow.admin.AuditEntry;
import io.dataflow.admin.InvalidRequestException;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.ProviderUnavailableException;
import io.dataflow.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The persistent audit trail of operator actions and security events. */
@Path("audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {
  @Inject PipelineFacade facade;

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
  @Operation(summary = "Newest first: at, user, action, target, outcome, count, detail")
  @APIResponse(
      responseCode = "400",
      description = "unreadable time, from after to, bad outcome or limit")
  public List<AuditEntry> entries(
      @QueryParam("user") @Parameter(description = "exactly") String user,
      @QueryParam("action")
          @Parameter(description = "exactly, or a prefix ending in a dot such as archive.")
          String action,
      @QueryParam("target") @Parameter(description = "a part of the target") String target,
      @QueryParam("outcome") @Parameter(description = "done, no-op, refused or failed")
          String outcome,
      @QueryParam("from") @Parameter(description = "ISO-8601, inclusive") String from,
      @QueryParam("to") @Parameter(description = "ISO-8601, exclusive") String to,
      @QueryParam("limit") @DefaultValue("100") @Parameter(description = "1 to 1000") int limit)
      throws InvalidRequestException, ProviderUnavailableException {
    return facade.auditEntries(user, action, target, outcome, from, to, limit);
  }
}
