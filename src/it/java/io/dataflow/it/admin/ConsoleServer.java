package io.dataflow.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;

/**
 * The admin console of the server the build started: its URLs, its IT users (from the failsafe
 * system properties, which the same POM passes to the server), and HTTP calls as those users.
 */
final class ConsoleServer {
  static final String CSRF_HEADER = "X-Requested-By";
  private static final Pattern VIEW_STATE =
      Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

  private ConsoleServer() {}

  static String base() {
    return "http://127.0.0.1:" + Integer.getInteger("it.http.port", 9080);
  }

  static URI uri(String path) {
    return URI.create(base() + path);
  }

  /** The same server over HTTPS (its certificate is trusted by {@link #tls()}). */
  static String httpsBase() {
    return "https://127.0.0.1:" + Integer.getInteger("it.https.port", 9443);
  }

  static URI httpsUri(String path) {
    return URI.create(httpsBase() + path);
  }

  static String metricsUser() {
    return System.getProperty("it.metrics.user", "it-metrics");
  }

  static String metricsPassword() {
    return System.getProperty("it.metrics.password");
  }

  static SSLContext tls() {
    return io.dataflow.it.ServerUnderTest.tls();
  }

  /** As {@link #plainClient()}, over HTTPS. */
  static HttpClient httpsClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(tls())
        .build();
  }

  static String adminUser() {
    return System.getProperty("it.admin.user", "it-admin");
  }

  static String adminPassword() {
    return System.getProperty("it.admin.password");
  }

  static String viewerUser() {
    return System.getProperty("it.viewer.user", "it-viewer");
  }

  static String viewerPassword() {
    return System.getProperty("it.viewer.password");
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Calls the API as an administrator's script would: HTTP Basic, and the CSRF header on every
   * mutation.
   */
  static HttpResponse<String> callAsAdmin(String method, String path)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", basic(adminUser(), adminPassword()))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (!method.equals("GET")) {
      b.header(CSRF_HEADER, "dataflow");
    }
    return plainClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The audit line of an administrator's action (user, action, target) is in the server's log. */
  static void assertAudited(String action, String target) {
    Path log =
        Path.of(
            System.getProperty("wlp.home", "target/liberty/wlp"),
            "usr/servers/dataflow/logs/messages.log");
    String line = "user=\"" + adminUser() + "\" action=" + action + " target=\"" + target + "\"";
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains(line));
  }

  /** A line (part of one) is in the server's log within 10 s. */
  static void assertLogged(String part) {
    Path log =
        Path.of(
            System.getProperty("wlp.home", "target/liberty/wlp"),
            "usr/servers/dataflow/logs/messages.log");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains(part));
  }

  /** A client that keeps no cookies and follows no redirects: every call stands alone. */
  static HttpClient plainClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** A client holding the session cookie of a form login as {@code user}. */
  static HttpClient formLogin(String user, String password)
      throws IOException, InterruptedException {
    return formLogin(base(), user, password, new CookieManager());
  }

  /**
   * A client holding the cookies of a form login as {@code user} on {@code base} (HTTP or HTTPS),
   * kept in {@code cookies}.
   */
  static HttpClient formLogin(String base, String user, String password, CookieManager cookies)
      throws IOException, InterruptedException {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(cookies);
    if (base.startsWith("https:")) {
      b.sslContext(tls());
    }
    HttpClient client = b.build();
    HttpResponse<String> r = postLogin(client, base, user, password);
    if (r.statusCode() != 302
        || !r.headers().firstValue("Location").orElse("").contains("/admin/index.xhtml")) {
      throw new IllegalStateException(
          "form login as " + user + " failed: HTTP " + r.statusCode() + "\n" + r.body());
    }
    return client;
  }

  /** Fetches the login page and posts the login form with its view state; the raw answer. */
  static HttpResponse<String> postLogin(
      HttpClient client, String base, String user, String password)
      throws IOException, InterruptedException {
    return submitLogin(client, base, loginPage(client, base), user, password, Map.of());
  }

  static HttpResponse<String> loginPage(HttpClient client, String base)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + "/admin/login.xhtml")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts the login form of {@code page}, with extra request headers; the raw answer. */
  static HttpResponse<String> submitLogin(
      HttpClient client,
      String base,
      HttpResponse<String> page,
      String user,
      String password,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    Matcher m = VIEW_STATE.matcher(page.body());
    if (page.statusCode() != 200 || !m.find()) {
      throw new IllegalStateException("login page: HTTP " + page.statusCode() + "\n" + page.body());
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("login_SUBMIT", "1");
    form.put("login:next", "");
    form.put("login:user", user);
    form.put("login:password", password);
    form.put("login:submit", "Log in");
    form.put("jakarta.faces.ViewState", m.group(1));
    HttpRequest.Builder post =
        HttpRequest.newBuilder(URI.create(base + "/admin/login.xhtml"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(urlEncode(form)));
    headers.forEach(post::header);
    return client.send(post.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The view state of a page's first form. */
  static String viewState(String page) {
    Matcher m = VIEW_STATE.matcher(page);
    if (!m.find()) {
      throw new IllegalStateException("no view state in\n" + page);
    }
    return m.group(1);
  }

  static String urlEncoded(Map<String, String> form) {
    return urlEncode(form);
  }

  private static String urlEncode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
