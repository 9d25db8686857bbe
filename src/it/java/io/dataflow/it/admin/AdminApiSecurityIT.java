package io.dataflow.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.ServerUnderTest;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The security rules of every admin API endpoint, against the running server. The endpoints are
 * enumerated by reflection over the JAX-RS resource classes ({@link ApiEndpoint#all()}).
 */
class AdminApiSecurityIT {
  private static final HttpClient PLAIN = ConsoleServer.plainClient();
  private static final HttpClient HTTPS = ConsoleServer.httpsClient();

  /** The IT server's dataflow.admin.login.max-failures and lockout (dataflow-it/pom.xml). */
  private static final int MAX_FAILURES = Integer.getInteger("it.login.max-failures", 25);

  private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);
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

    // 200, or 404 (no such group) / 503 (stage not running here) / 400 (the dead-letter replay
    // needs a filter in its body): never an authorization failure.
    assertThat(r.statusCode()).as(e + ": " + r.body()).isIn(200, 400, 404, 503);
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

    // 400: the mutation needs a body (the dead-letter replay filter) and got none; security let
    // it through to say so.
    assertThat(r.statusCode()).as(e + ": " + r.body()).isIn(200, 400, 404, 503);
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

  // ---- Secure by default: cookies, headers, throttling, logout, metrics

  private static HttpClient cookieClient(String base, CookieManager cookies) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(cookies);
    if (base.startsWith("https:")) {
      b.sslContext(ConsoleServer.tls());
    }
    return b.build();
  }

  /** The Set-Cookie headers of a form login (login page, then the post), by cookie name. */
  private static Map<String, String> setCookiesOfALogin(String base) throws Exception {
    HttpClient client = cookieClient(base, new CookieManager());
    HttpResponse<String> page = ConsoleServer.loginPage(client, base);
    HttpResponse<String> r =
        ConsoleServer.submitLogin(
            client, base, page, ConsoleServer.adminUser(), ConsoleServer.adminPassword(), Map.of());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    Map<String, String> byName = new LinkedHashMap<>();
    for (HttpResponse<String> x : List.of(page, r)) {
      for (String c : x.headers().allValues("Set-Cookie")) {
        byName.put(c.substring(0, c.indexOf('=')), c);
      }
    }
    return byName;
  }

  private static List<String> attributes(String setCookie) {
    List<String> a = new ArrayList<>();
    for (String part : setCookie.split(";")) {
      a.add(part.trim().toLowerCase(java.util.Locale.ROOT));
    }
    return a.subList(1, a.size());
  }

  @Test
  void sessionAndSsoCookiesAreHttpOnlyAndSameSiteStrictAndNotSecureOverHttp() throws Exception {
    Map<String, String> cookies = setCookiesOfALogin(ConsoleServer.base());

    assertThat(cookies).containsKeys("JSESSIONID", "LtpaToken2");
    cookies.forEach(
        (name, c) -> {
          assertThat(attributes(c)).as(c).contains("httponly", "samesite=strict");
          assertThat(attributes(c)).as(c).doesNotContain("secure");
        });
  }

  @Test
  void overHttpsTheLoginTokenIsSecureAndEveryCookieHttpOnlyAndSameSiteStrict() throws Exception {
    Map<String, String> cookies = setCookiesOfALogin(ConsoleServer.httpsBase());

    assertThat(cookies).containsKeys("JSESSIONID", "LtpaToken2");
    cookies.forEach(
        (name, c) -> assertThat(attributes(c)).as(c).contains("httponly", "samesite=strict"));
    assertThat(attributes(cookies.get("LtpaToken2"))).contains("secure");
  }

  /** An API read, a console page, a static resource, the login page, and an error response. */
  static Stream<String> consoleResponses() {
    return Stream.of(
        "/admin/api/pipeline",
        "/admin/index.xhtml",
        "/admin/jakarta.faces.resource/console.js.xhtml?ln=console",
        "/admin/login.xhtml",
        "/admin/api/no-such-resource");
  }

  private static HttpResponse<String> getAsAdmin(HttpClient client, URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri)
            .header(
                "Authorization",
                ConsoleServer.basic(ConsoleServer.adminUser(), ConsoleServer.adminPassword()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The console's policy: no inline script, no framing. */
  private static void assertSecurityHeaders(HttpResponse<String> r) {
    assertBaseHeaders(r);
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline"));
  }

  /** What the server sets on every response: at least a policy against framing. */
  private static void assertBaseHeaders(HttpResponse<String> r) {
    var h = r.headers();
    assertThat(h.firstValue("Content-Security-Policy"))
        .hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
    assertThat(h.allValues("Content-Security-Policy")).hasSize(1);
    assertThat(h.firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(h.firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(h.firstValue("Server")).isEmpty();
    assertThat(h.firstValue("X-Powered-By")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleResponses")
  void everyConsoleResponseHasTheSecurityHeadersAndNoHstsOverHttp(String path) throws Exception {
    HttpResponse<String> r = getAsAdmin(PLAIN, ConsoleServer.uri(path));

    assertThat(r.statusCode()).as(path).isIn(200, 404);
    assertSecurityHeaders(r);
    assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleResponses")
  void everyConsoleResponseHasTheSecurityHeadersAndHstsOverHttps(String path) throws Exception {
    HttpResponse<String> r = getAsAdmin(HTTPS, ConsoleServer.httpsUri(path));

    assertThat(r.statusCode()).as(path).isIn(200, 404);
    assertSecurityHeaders(r);
    assertThat(r.headers().firstValue("Strict-Transport-Security"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("max-age="));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"/health", "/admin/archive.xhtml", "/metrics", "/admin/api/pipeline", "/openapi"})
  void responsesTheApplicationNeverSeesHaveTheHeadersToo(String path) throws Exception {
    // Without credentials: /health itself, the login redirect of a page, the 302 of /metrics to
    // HTTPS, the 401 of the API, the OpenAPI document: all written by the server, not by the
    // console's filter.
    HttpResponse<String> r =
        PLAIN.send(
            HttpRequest.newBuilder(ConsoleServer.uri(path)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).as(path).isIn(200, 302, 401, 503);
    assertBaseHeaders(r);
  }

  /** A client address of its own (the IT server trusts one proxy: X-Forwarded-For). */
  private static String freshAddress() {
    int n = NEXT_ADDRESS.getAndIncrement() + ThreadLocalRandom.current().nextInt(1000) * 250;
    return "198.51." + (100 + n / 250 % 100) + "." + (1 + n % 250);
  }

  private static HttpResponse<String> basicFrom(String address, String user, String password)
      throws Exception {
    return PLAIN.send(
        HttpRequest.newBuilder(ConsoleServer.uri("/admin/api/pipeline"))
            .header("Authorization", ConsoleServer.basic(user, password))
            .header("X-Forwarded-For", address)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double throttledCount(String channel) throws Exception {
    return io.dataflow.it.Metrics.value(
        ServerUnderTest.metrics("/metrics?scope=application").body(),
        "dataflow_admin_login_throttled_total",
        "channel=\"" + channel + "\"");
  }

  private static long retryAfterSeconds(HttpResponse<String> r) {
    return Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  void basicLoginsFromAnAddressAre429AfterMaxFailuresEvenWithTheRightPasswordUntilTheLockEnds()
      throws Exception {
    String address = freshAddress();
    double throttledBefore = throttledCount("basic");
    for (int i = 0; i < MAX_FAILURES; i++) {
      assertThat(basicFrom(address, "nobody-" + i, "wrong").statusCode())
          .as("failure " + i)
          .isEqualTo(401);
    }

    HttpResponse<String> locked =
        basicFrom(address, ConsoleServer.adminUser(), ConsoleServer.adminPassword());

    assertThat(locked.statusCode()).as(locked.body()).isEqualTo(429);
    long retryAfter = retryAfterSeconds(locked);
    assertThat(retryAfter).isBetween(1L, 4L);
    // Other addresses are not locked.
    assertThat(
            basicFrom(freshAddress(), ConsoleServer.adminUser(), ConsoleServer.adminPassword())
                .statusCode())
        .isEqualTo(200);
    assertThat(throttledCount("basic")).isEqualTo(throttledBefore + 1);
    ConsoleServer.assertLogged(
        "user=\""
            + ConsoleServer.adminUser()
            + "\" action=login.throttled target=\""
            + address
            + "\"");

    Thread.sleep(retryAfter * 1000 + 500);
    assertThat(
            basicFrom(address, ConsoleServer.adminUser(), ConsoleServer.adminPassword())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aUserIsLockedWhateverTheAddressAndTheRightPasswordGets429UntilTheLockEnds()
      throws Exception {
    for (int i = 0; i < MAX_FAILURES; i++) {
      assertThat(basicFrom(freshAddress(), ConsoleServer.viewerUser(), "wrong").statusCode())
          .isEqualTo(401);
    }

    HttpResponse<String> locked =
        basicFrom(freshAddress(), ConsoleServer.viewerUser(), ConsoleServer.viewerPassword());

    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("json"));
    long retryAfter = retryAfterSeconds(locked);
    Thread.sleep(retryAfter * 1000 + 500);
    assertThat(
            basicFrom(freshAddress(), ConsoleServer.viewerUser(), ConsoleServer.viewerPassword())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void formLoginsAreThrottledToo() throws Exception {
    String address = freshAddress();
    Map<String, String> from = Map.of("X-Forwarded-For", address);
    double throttledBefore = throttledCount("form");
    for (int i = 0; i < MAX_FAILURES; i++) {
      HttpClient c = cookieClient(ConsoleServer.base(), new CookieManager());
      HttpResponse<String> r =
          ConsoleServer.submitLogin(
              c,
              ConsoleServer.base(),
              ConsoleServer.loginPage(c, ConsoleServer.base()),
              "nobody",
              "wrong",
              from);
      assertThat(r.body()).contains("Wrong user name or password.");
    }

    HttpClient c = cookieClient(ConsoleServer.base(), new CookieManager());
    HttpResponse<String> locked =
        ConsoleServer.submitLogin(
            c,
            ConsoleServer.base(),
            ConsoleServer.loginPage(c, ConsoleServer.base()),
            ConsoleServer.adminUser(),
            ConsoleServer.adminPassword(),
            from);

    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(retryAfterSeconds(locked)).isBetween(1L, 4L);
    assertThat(locked.body()).contains("Too many failed logins.");
    assertThat(locked.headers().allValues("Set-Cookie"))
        .noneMatch(v -> v.startsWith("LtpaToken2="));
    assertThat(throttledCount("form")).isEqualTo(throttledBefore + 1);
  }

  private static String cookieValue(CookieManager cookies, String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(k -> k.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name));
  }

  private static HttpResponse<String> withOnlyTheToken(String path, String token) throws Exception {
    return PLAIN.send(
        HttpRequest.newBuilder(ConsoleServer.uri(path))
            .header("Cookie", "LtpaToken2=" + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void afterLogoutTheOldSsoTokenIsRefused() throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient client =
        ConsoleServer.formLogin(
            ConsoleServer.base(),
            ConsoleServer.adminUser(),
            ConsoleServer.adminPassword(),
            cookies);
    String token = cookieValue(cookies, "LtpaToken2");
    // The token alone is a login, before the logout.
    assertThat(withOnlyTheToken("/admin/api/pipeline", token).statusCode()).isEqualTo(200);
    HttpResponse<String> page =
        client.send(
            HttpRequest.newBuilder(ConsoleServer.uri("/admin/index.xhtml")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("session_SUBMIT", "1");
    form.put("session:logout", "Log out");
    form.put("jakarta.faces.ViewState", ConsoleServer.viewState(page.body()));

    HttpResponse<String> logout =
        client.send(
            HttpRequest.newBuilder(ConsoleServer.uri("/admin/index.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(ConsoleServer.urlEncoded(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(logout.statusCode()).as(logout.body()).isEqualTo(302);
    assertThat(logout.headers().firstValue("Location"))
        .hasValueSatisfying(v -> assertThat(v).contains("/admin/login.xhtml"));
    assertThat(withOnlyTheToken("/admin/api/pipeline", token).statusCode()).isEqualTo(401);
    HttpResponse<String> replayedPage = withOnlyTheToken("/admin/index.xhtml", token);
    assertThat(replayedPage.statusCode()).isEqualTo(302);
    assertThat(replayedPage.headers().firstValue("Location"))
        .hasValueSatisfying(v -> assertThat(v).contains("/admin/login.xhtml"));
  }

  private static HttpResponse<String> metricsAs(String user, String password) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(ConsoleServer.httpsUri("/metrics"));
    if (user != null) {
      b.header("Authorization", ConsoleServer.basic(user, password));
    }
    return HTTPS.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsNeedTheMetricsIdentity() throws Exception {
    assertThat(metricsAs(null, null).statusCode()).isEqualTo(401);
    assertThat(metricsAs(ConsoleServer.metricsUser(), "wrong").statusCode()).isEqualTo(401);

    HttpResponse<String> scraper =
        metricsAs(ConsoleServer.metricsUser(), ConsoleServer.metricsPassword());

    assertThat(scraper.statusCode()).isEqualTo(200);
    assertThat(scraper.body()).contains("dataflow_");
  }

  @Test
  void consoleUsersAreUnknownToTheMetricsEndpoint() throws Exception {
    // The metrics endpoint checks the server's registry, which holds only the metrics identity:
    // console passwords get no second, unthrottled place to be guessed (docs/security.md).
    assertThat(metricsAs(ConsoleServer.viewerUser(), ConsoleServer.viewerPassword()).statusCode())
        .isEqualTo(401);
    assertThat(metricsAs(ConsoleServer.adminUser(), ConsoleServer.adminPassword()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void metricsOverPlainHttpAreRedirectedToHttps() throws Exception {
    HttpResponse<String> r =
        PLAIN.send(
            HttpRequest.newBuilder(ConsoleServer.uri("/metrics"))
                .header(
                    "Authorization",
                    ConsoleServer.basic(
                        ConsoleServer.metricsUser(), ConsoleServer.metricsPassword()))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("https://"));
    assertThat(r.body()).doesNotContain("dataflow_");
  }
}
