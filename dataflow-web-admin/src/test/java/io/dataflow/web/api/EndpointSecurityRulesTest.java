package io.dataflow.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * The security rules of every REST endpoint, checked on the resource classes: a read allows both
 * roles, a mutation only the admin role. (CsrfHeaderOpenApiFilter documents the CSRF header of
 * every mutation; AdminApiIT checks the served document.) A new resource class must be added to
 * {@link #RESOURCES}; the integration tests find them on their own.
 */
class EndpointSecurityRulesTest {
  static final List<Class<?>> RESOURCES =
      List.of(
          PipelineResource.class,
          CacheResource.class,
          ArchiveResource.class,
          DeadLetterResource.class,
          DemoTrafficResource.class);

  private static List<Method> endpoints() {
    List<Method> m = new ArrayList<>();
    for (Class<?> c : RESOURCES) {
      assertThat(c.isAnnotationPresent(Path.class)).as(c + " has @Path").isTrue();
      for (Method method : c.getMethods()) {
        if (httpMethod(method) != null) {
          m.add(method);
        }
      }
    }
    return m;
  }

  private static String httpMethod(Method m) {
    return Arrays.stream(m.getAnnotations())
        .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
        .filter(h -> h != null)
        .map(HttpMethod::value)
        .findFirst()
        .orElse(null);
  }

  @Test
  void thereAreEndpointsToCheck() {
    assertThat(endpoints()).hasSizeGreaterThanOrEqualTo(12);
  }

  @Test
  void everyReadAllowsViewerAndAdmin() {
    for (Method m : endpoints()) {
      if (m.isAnnotationPresent(GET.class)) {
        assertThat(m.getAnnotation(RolesAllowed.class)).as(m.toString()).isNotNull();
        assertThat(m.getAnnotation(RolesAllowed.class).value())
            .as(m.toString())
            .containsExactlyInAnyOrder(Roles.VIEWER, Roles.ADMIN);
      }
    }
  }

  @Test
  void everyMutationAllowsOnlyAdmin() {
    for (Method m : endpoints()) {
      if (!m.isAnnotationPresent(GET.class)) {
        assertThat(m.getAnnotation(RolesAllowed.class)).as(m.toString()).isNotNull();
        assertThat(m.getAnnotation(RolesAllowed.class).value())
            .as(m.toString())
            .containsExactly(Roles.ADMIN);
      }
    }
  }

  @Test
  void everyEndpointIsDocumented() {
    for (Method m : endpoints()) {
      assertThat(m.getAnnotation(Operation.class)).as(m.toString()).isNotNull();
    }
  }
}
