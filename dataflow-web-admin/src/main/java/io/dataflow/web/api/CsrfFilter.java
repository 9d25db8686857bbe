package io.dataflow.web.api;

import io.dataflow.web.security.CsrfRule;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** Rejects a mutation without the {@link CsrfRule#HEADER} header with 403; see {@link CsrfRule}. */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class CsrfFilter implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    if (!CsrfRule.permits(request.getMethod(), request.getHeaderString(CsrfRule.HEADER))) {
      request.abortWith(
          Response.status(Response.Status.FORBIDDEN)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(new ErrorBody("missing header " + CsrfRule.HEADER + " (CSRF protection)"))
              .build());
    }
  }
}
