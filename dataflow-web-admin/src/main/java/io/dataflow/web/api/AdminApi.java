package io.dataflow.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
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
    security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class AdminApi extends Application {}
