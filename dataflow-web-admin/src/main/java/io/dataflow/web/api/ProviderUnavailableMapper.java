package io.dataflow.web.api;

import io.dataflow.admin.ProviderUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An action on a stage that does not run in this server answers 503 with the reason. */
@Provider
public class ProviderUnavailableMapper implements ExceptionMapper<ProviderUnavailableException> {
  @Override
  public Response toResponse(ProviderUnavailableException e) {
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(e.getMessage()))
        .build();
  }
}
