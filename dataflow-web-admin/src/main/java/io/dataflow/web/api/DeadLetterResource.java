package io.dataflow.web.api;

import io.dataflow.admin.DeadLetterView;
import io.dataflow.admin.PipelineFacade;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The most recent dead letters. */
@Path("dead-letters")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dead letters")
public class DeadLetterResource {
  @Inject PipelineFacade facade;

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
  @Operation(summary = "Newest first: stage, reason, error, time and a payload preview")
  public List<DeadLetterView> recent(
      @QueryParam("limit") @DefaultValue("50") @Parameter(description = "1 to 500") int limit) {
    return facade.deadLetters(limit);
  }
}
