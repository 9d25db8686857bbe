package io.dataflow.web.api;

import io.dataflow.admin.InvalidRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request that cannot be carried out as given answers 400 with what to change. */
@Provider
public class InvalidRequestMapper implements ExceptionMapper<InvalidRequestException> {
  @Override
  public Response toResponse(InvalidRequestException e) {
    return Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(e.getMessage()))
        .build();
  }
}
