package io.dataflow.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security rules of every admin API endpoint, against the running server. The endpoints are
 * enumerated by reflection over the JAX-RS resource classes ({@link ApiEndpoint#all()}).
 */
class AdminApiSecurityIT {
  private static final HttpClient PLAIN = ConsoleServer.plainClient();
  private static HttpClient adminSession;

  @BeforeAll
  static void logIn() throws Exception {
    adminSession =
        ConsoleServer.formLogin(ConsoleServer.adminUser(), ConsoleServer.adminPassword());
  }

  static Stream<ApiEndpoint> endpoints() {
    return ApiEndpoint.all().stream();
  }

  static Stream<ApiEndpoint> mutations() {
    return endpoints().filter(ApiEndpoint::isMutation);
  }

  static Stream<ApiEndpoint> reads() {
    return endpoints().filter(e -> !e.isMutation() && !e.adminOnly());
  }

  static Stream<ApiEndpoint> adminReads() {
    return endpoints().filter(e -> !e.isMutation() && e.adminOnly());
  }

  private static HttpRequest.Builder request(ApiEndpoint e) {
    return HttpRequest.newBuilder(ConsoleServer.uri(e.path()))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json")
        .method(e.httpMethod(), HttpRequest.BodyPublishers.noBody());
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder r)
      throws Exception {
    return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reflectionFindsTheDocumentedEndpoints() {
    List<String> found = ApiEndpoint.all().stream().map(ApiEndpoint::toString).toList();
    assertThat(found)
        .contains(
            "GET /admin/api/pipeline",
            "GET /admin/api/cache",
            "POST /admin/api/cache/invalidate/{deviceId}",
            "GET /admin/api/archive/batches",
            "POST /admin/api/archive/batches/{key: .+}/flush",
            "POST /admin/api/archive/batches/flush",
            "GET /admin/api/dead-letters",
            "GET /admin/api/health",
            "GET /admin/api/demo",
            "POST /admin/api/demo/start",
            "POST /admin/api/demo/stop");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void everyEndpointIs401WithoutCredentials(ApiEndpoint e) throws Exception {
    HttpResponse<String> r = send(PLAIN, request(e).header(ConsoleServer.CSRF_HEADER, "dataflow"));

    assertThat(r.statusCode()).as(e + ": " + r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void everyEndpointIs401WithAWrongPassword(ApiEndpoint e) throws Exception {
    HttpResponse<String> r =
        send(
            PLAIN,
            request(e)
                .header(
                    "Authorization",
                    ConsoleServer.basic(ConsoleServer.adminUser(), "wrong-password"))
                .header(ConsoleServer.CSRF_HEADER, "dataflow"));

    assertThat(r.statusCode()).as(e.toString()).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void everyMutationIs403ForAViewer(ApiEndpoint e) throws Exception {
    HttpResponse<String> r =
        send(
            PLAIN,
            request(e)
                .header(
                    "Authorization",
                    ConsoleServer.basic(ConsoleServer.viewerUser(), ConsoleServer.viewerPassword()))
                .header(ConsoleServer.CSRF_HEADER, "dataflow"));

    assertThat(r.statusCode()).as(e + ": " + r.body()).isEqualTo(403);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void everyMutationIs403WithoutTheCsrfHeaderWhenCookieAuthenticated(ApiEndpoint e)
      throws Exception {
    HttpResponse<String> r = send(adminSession, request(e));

    assertThat(r.statusCode()).as(e + ": " + r.body()).isEqualTo(403);
    assertThat(r.body()).contains(ConsoleServer.CSRF_HEADER);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void everyMutationPassesSecurityForACookieAuthenticatedAdminWithTheHeader(ApiEndpoint e)
      throws Exception {
    HttpResponse<String> r =
        send(adminSession, request(e).header(ConsoleServer.CSRF_HEADER, "dataflow"));

    // 200, or 404 (no such group) / 503 (stage not running here): never an authorization failure.
    assertThat(r.statusCode()).as(e + ": " + r.body()).isIn(200, 404, 503);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void everyMutationPassesSecurityForAnAdminWithBasicAndTheHeader(ApiEndpoint e) throws Exception {
    HttpResponse<String> r =
        send(
            PLAIN,
            request(e)
                .header(
                    "Authorization",
                    ConsoleServer.basic(ConsoleServer.adminUser(), ConsoleServer.adminPassword()))
                .header(ConsoleServer.CSRF_HEADER, "dataflow"));

    assertThat(r.statusCode()).as(e + ": " + r.body()).isIn(200, 404, 503);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  void everyReadIs200ForAViewerAndAnAdmin(ApiEndpoint e) throws Exception {
    HttpResponse<String> viewer =
        send(
            PLAIN,
            request(e)
                .header(
                    "Authorization",
                    ConsoleServer.basic(
                        ConsoleServer.viewerUser(), ConsoleServer.viewerPassword())));
    HttpResponse<String> admin = send(adminSession, request(e));

    assertThat(viewer.statusCode()).as(e + ": " + viewer.body()).isEqualTo(200);
    assertThat(admin.statusCode()).as(e + ": " + admin.body()).isEqualTo(200);
    assertThat(viewer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adminReads")
  void everyAdminOnlyReadIs403ForAViewerAnd200ForAnAdmin(ApiEndpoint e) throws Exception {
    HttpResponse<String> viewer =
        send(
            PLAIN,
            request(e)
                .header(
                    "Authorization",
                    ConsoleServer.basic(
                        ConsoleServer.viewerUser(), ConsoleServer.viewerPassword())));
    HttpResponse<String> admin = send(adminSession, request(e));
    HttpResponse<String> anonymous = send(PLAIN, request(e));

    assertThat(viewer.statusCode()).as(e + ": " + viewer.body()).isEqualTo(403);
    assertThat(admin.statusCode()).as(e + ": " + admin.body()).isEqualTo(200);
    assertThat(anonymous.statusCode()).as(e + ": " + anonymous.body()).isEqualTo(401);
  }

  @Test
  void consolePagesRedirectToTheLoginPageWithoutASession() throws Exception {
    HttpResponse<String> r =
        PLAIN.send(
            HttpRequest.newBuilder(ConsoleServer.uri("/admin/archive.xhtml")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location"))
        .hasValueSatisfying(v -> assertThat(v).contains("/admin/login.xhtml?next="));
  }

  @Test
  void aViewerSeesTheConsoleWithEveryActionDisabled() throws Exception {
    HttpClient viewer =
        ConsoleServer.formLogin(ConsoleServer.viewerUser(), ConsoleServer.viewerPassword());
    HttpResponse<String> archive =
        viewer.send(
            HttpRequest.newBuilder(ConsoleServer.uri("/admin/archive.xhtml")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> cache =
        viewer.send(
            HttpRequest.newBuilder(ConsoleServer.uri("/admin/cache.xhtml")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> dashboard =
        viewer.send(
            HttpRequest.newBuilder(ConsoleServer.uri("/admin/index.xhtml")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(archive.statusCode()).isEqualTo(200);
    assertThat(archive.body()).containsPattern("<input[^>]*id=\"archive:flush-all\"[^>]*disabled");
    assertThat(cache.body()).containsPattern("<input[^>]*id=\"cache:invalidate\"[^>]*disabled");
    assertThat(dashboard.body()).containsPattern("<input[^>]*id=\"live:demo-start\"[^>]*disabled");
    assertThat(archive.body()).contains("role-viewer");
  }

  @Test
  void healthNeedsNoCredentials() throws Exception {
    HttpResponse<String> r =
        PLAIN.send(
            HttpRequest.newBuilder(ConsoleServer.uri("/health")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
  }
}
