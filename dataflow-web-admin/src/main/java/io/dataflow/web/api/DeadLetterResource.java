package io.dataflow.web.api;

import io.dataflow.admin.DeadLetterReplayFilter;
import io.dataflow.admin.DeadLetterReplayOutcome;
import io.dataflow.admin.DeadLetterView;
import io.dataflow.admin.InvalidRequestException;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.ProviderUnavailableException;
import io.dataflow.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The most recent dead letters, and their replay. */
@Path("dead-letters")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dead letters")
public class DeadLetterResource {
  @Inject PipelineFacade facade;
  @Context SecurityContext security;

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
  @Operation(summary = "Newest first: stage, reason, error, time and a payload preview")
  public List<DeadLetterView> recent(
      @QueryParam("limit") @DefaultValue("50") @Parameter(description = "1 to 500") int limit) {
    return facade.deadLetters(limit);
  }

  @POST
  @Path("replay")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary =
          "Re-publishes the selected dead letters' envelopes, with their ids, to the input of the"
              + " stage that rejected each (a sink's to that sink only); dryRun counts only."
              + " Audited.")
  @APIResponse(responseCode = "200", description = "matched, replayable, replayed, refused")
  @APIResponse(
      responseCode = "400",
      description =
          "unknown stage, unreadable time, from after to, too many ids, no criterion, or more"
              + " selected than dataflow.deadletter.replay.max-records")
  @APIResponse(responseCode = "503", description = "the dead-letter store cannot be read here")
  public DeadLetterReplayOutcome replay(String body)
      throws InvalidRequestException, ProviderUnavailableException {
    return facade.replayDeadLetters(
        DeadLetterReplayFilter.parse(body), security.getUserPrincipal().getName());
  }
}
