package io.dataflow.web.api;

import io.dataflow.web.security.CsrfRule;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The admin REST API, under {@code /admin/api}. */
@ApplicationPath("api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "dataflow admin API",
            version = "1",
            description =
                "Pipeline figures and operator actions. GET needs role dataflow-viewer; POST needs"
                    + " role dataflow-admin and the header X-Requested-By (any value, e.g."
                    + " dataflow)."),
    security = @SecurityRequirement(name = "basic"),
    components =
        @Components(
            parameters =
                @Parameter(
                    name = CsrfRule.HEADER,
                    in = ParameterIn.HEADER,
                    required = true,
                    description = "any non-empty value, e.g. dataflow (CSRF protection)",
                    schema = @Schema(type = SchemaType.STRING))))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class AdminApi extends Application {
  // The CSRF header parameter above is referenced from every mutation by CsrfHeaderOpenApiFilter.
}
