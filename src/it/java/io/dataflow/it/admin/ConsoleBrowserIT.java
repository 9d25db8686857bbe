package io.dataflow.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.Mosquitto;
import io.dataflow.it.MqttPublisher;
import io.dataflow.it.SharedBroker;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver; no browser download):
 * log in, watch the dashboard chart fill with MQTT traffic, visit every page, start and stop the
 * demo traffic from the dashboard, take a screenshot of each under {@code target/screenshots}, and
 * measure page-load times (written to {@code page-load.txt} there). The IT server runs every stage,
 * so each page's feature is asserted with the telemetry this test publishes (through the shared
 * Mosquitto): the chart's points, the cache tiers and an invalidation, a pending archive group
 * flushed, a dead letter filtered. Every page runs under the server's Content-Security-Policy (no
 * inline script or style): after each test the browser's console log must hold no CSP violation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS =
      Path.of(System.getProperty("it.screenshot.dir", "target/screenshots"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Long> LOAD_MILLIS = new LinkedHashMap<>();

  private static WebDriver driver;
  private static Path profile;

  @BeforeAll
  static void startBrowser() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "SKIPPED: Debian chromium and chromium-driver are not installed"
            + " (apt-get install -y chromium chromium-driver)");
    Assumptions.assumeTrue(
        Mosquitto.installed(),
        "SKIPPED: mosquitto is not installed (apt-get install -y mosquitto)");
    // The broker the server is configured for; every page is checked with traffic through it.
    SharedBroker.get();
    Files.createDirectories(SHOTS);
    profile = Files.createTempDirectory("dataflow-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1440,1000",
        // The IT server's self-signed certificate (theConsoleWorksOverHttps).
        "--ignore-certificate-errors",
        "--user-data-dir=" + profile);
    // The browser's console log, read after each test for Content-Security-Policy violations.
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    // Whatever failed, leave no demo traffic running for the tests that follow.
    ConsoleServer.callAsAdmin("POST", "/admin/api/demo/stop");
    if (driver != null) {
      driver.quit();
    }
    if (!LOAD_MILLIS.isEmpty()) {
      StringBuilder b = new StringBuilder("page load (navigationStart to loadEventEnd), ms\n");
      LOAD_MILLIS.forEach((page, ms) -> b.append(page).append('\t').append(ms).append('\n'));
      Files.writeString(SHOTS.resolve("page-load.txt"), b.toString());
      System.out.print("[console] " + b.toString().replace("\n", "\n[console] "));
    }
    if (profile != null) {
      try (var walk = Files.walk(profile)) {
        walk.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /**
   * Chromium writes a line to the console for every blocked inline script, handler, style or
   * resource ("Refused to execute inline event handler because it violates the following Content
   * Security Policy directive ..."); none may appear on any page.
   */
  @AfterEach
  void noContentSecurityPolicyViolations() {
    List<String> violations =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .map(LogEntry::getMessage)
            .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
            .toList();
    assertThat(violations).as("CSP violations in the browser console").isEmpty();
  }

  @Test
  @Order(0)
  void theBrowserLogShowsAContentSecurityPolicyViolation() {
    // The check above must see a violation when there is one: an inline script the page adds.
    driver.get(ConsoleServer.base() + "/admin/login.xhtml");
    ((JavascriptExecutor) driver)
        .executeScript(
            "var s = document.createElement('script'); s.textContent = 'window.x = 1';"
                + " document.head.appendChild(s);");
    List<String> logged =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .map(LogEntry::getMessage)
            .toList();
    assertThat(logged).anyMatch(m -> m.contains("Content Security Policy"));
  }

  @Test
  @Order(1)
  void logsInThroughTheFormAndLandsOnTheDashboard() throws Exception {
    driver.get(ConsoleServer.base() + "/admin/");
    wait(30).until(ExpectedConditions.urlContains("/admin/login.xhtml"));
    screenshot("login");
    driver.findElement(By.id("login:user")).sendKeys(ConsoleServer.adminUser());
    driver.findElement(By.id("login:password")).sendKeys(ConsoleServer.adminPassword());
    driver.findElement(By.id("login:submit")).click();

    wait(30).until(ExpectedConditions.presenceOfElementLocated(By.id("stage-table")));
    measureLoad("dashboard (after login)");
    assertThat(driver.findElement(By.id("current-user")).getText())
        .isEqualTo(ConsoleServer.adminUser());
    assertThat(driver.findElements(By.cssSelector("#stage-table tbody tr")))
        .hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  @Order(2)
  void dashboardChartRendersWithDataAfterMqttTraffic() throws Exception {
    publishTraffic(200);
    driver.navigate().refresh();
    long start = System.nanoTime();
    WebElement chart = driver.findElement(By.id("throughput-chart"));
    // The chart shows 5-second steps: the traffic appears within one or two steps plus a refresh.
    wait(60)
        .until(
            d ->
                Integer.parseInt(valueOr(chart.getAttribute("data-points"), "0")) > 0
                    && !chart.findElements(By.tagName("canvas")).isEmpty()
                    && Double.parseDouble(valueOr(chart.getAttribute("data-max"), "0")) > 0);
    long chartMillis = (System.nanoTime() - start) / 1_000_000;
    measureLoad("dashboard");
    LOAD_MILLIS.put("dashboard chart drawn with data (from reload)", chartMillis);
    assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isPositive();
    assertThat(Double.parseDouble(chart.getAttribute("data-max"))).isGreaterThan(0);
    screenshot("dashboard");
    assertThat(chart.findElements(By.cssSelector(".u-legend"))).isNotEmpty();
  }

  @Test
  @Order(3)
  void cachePageShowsTheTiersAndInvalidatesADevice() throws Exception {
    JsonNode before = api("/admin/api/cache");
    assertThat(before.get("available").asBoolean()).as(before.toString()).isTrue();
    // d44 is in liberty/devices.json: one message loads it into L1.
    long lookups = l1Lookups();
    publish("devices/d44/telemetry", "{\"temperature\":20}");
    wait(30).until(d -> uncheckedL1Lookups() > lookups);
    open("/admin/cache.xhtml", "tier-table");
    measureLoad("cache");
    JsonNode cache = api("/admin/api/cache");
    assertThat(driver.findElements(By.cssSelector(".notice"))).isEmpty();
    List<String> shown =
        driver.findElements(By.cssSelector("#tier-table tbody tr td:first-child")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(shown).containsExactly("l1-caffeine", "l3-file");
    assertThat(shown).containsExactlyElementsOf(cache.get("tiers").findValuesAsText("tier"));
    screenshot("cache");

    invalidate("d44");
    wait(20)
        .until(
            d ->
                d.findElement(By.id("cache:messages"))
                    .getText()
                    .contains("Device d44 dropped from the cache."));
    invalidate("d44");
    wait(20)
        .until(
            d ->
                d.findElement(By.id("cache:messages"))
                    .getText()
                    .contains("No cache tier held device d44."));
    screenshot("cache-after-invalidate");
  }

  private static void invalidate(String deviceId) {
    WebElement input = driver.findElement(By.id("cache:deviceId"));
    input.clear();
    input.sendKeys(deviceId);
    driver.findElement(By.id("cache:invalidate")).click();
  }

  /** Lookups L1 has answered or missed so far. */
  private static long l1Lookups() throws Exception {
    JsonNode l1 = api("/admin/api/cache").get("tiers").get(0);
    return l1.get("hits").asLong() + l1.get("negativeHits").asLong() + l1.get("misses").asLong();
  }

  private static long uncheckedL1Lookups() {
    try {
      return l1Lookups();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Order(4)
  void archivePageListsPendingGroupsAndFlushesOne() throws Exception {
    open("/admin/archive.xhtml", "group-table");
    measureLoad("archive");
    // A sort header is an ajax button (console.js, no inline handler): records, largest first.
    driver.findElement(By.id("archive:sort-records")).click();
    wait(20)
        .until(
            d ->
                valueOr(d.findElement(By.id("archive:sort-records")).getAttribute("value"), "")
                    .contains("▼"));
    JsonNode archive = api("/admin/api/archive/batches");
    assertThat(archive.get("available").asBoolean()).as(archive.toString()).isTrue();
    assertThat(driver.findElements(By.cssSelector(".notice"))).isEmpty();
    assertThat(driver.findElement(By.id("archive:flush-all")).isEnabled()).isTrue();
    // A group of its own (d45 is in warehouse-east; an event day no other test uses), fed until the
    // moment of the click: it cannot reach its 30 s idle limit, nor its 5 min age limit, while the
    // test waits for it to go, so only the flush can seal it.
    LocalDate day = LocalDate.of(2002, 1, 1).plusDays(System.currentTimeMillis() / 1000 % 3650);
    String key =
        String.format(
            "%04d/%02d/%02d/warehouse-east",
            day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    String rowSelector = "#group-table tr[data-group='" + key + "']";
    long lastRecordAt;
    try (MqttPublisher publisher =
        new MqttPublisher("tcp://127.0.0.1:" + Integer.getInteger("it.mqtt.port", 1883))) {
      int seq = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      do {
        publisher.publish(
            "devices/d45/telemetry",
            "{\"ts\":\"" + day.atTime(9, 0, seq % 60) + "Z\",\"seq\":" + seq++ + "}");
        publisher.flush();
        Thread.sleep(300);
        if (seq % 10 == 0) {
          driver.navigate().refresh();
        }
      } while (driver.findElements(By.cssSelector(rowSelector)).isEmpty()
          && System.nanoTime() < deadline);
      lastRecordAt = System.nanoTime();
    }
    assertThat(driver.findElements(By.cssSelector(rowSelector)))
        .as("a row for group " + key)
        .hasSize(1);
    screenshot("archive");
    WebElement row = driver.findElement(By.cssSelector(rowSelector));
    long flushedAt = System.currentTimeMillis() - 1000;
    row.findElement(By.cssSelector("input[type=submit]")).click();
    wait(20).until(d -> d.findElements(By.cssSelector(rowSelector)).isEmpty());
    long goneAfterMillis = (System.nanoTime() - lastRecordAt) / 1_000_000;
    assertThat(goneAfterMillis)
        .as("sealed by the flush, before the idle limit of 30 s")
        .isLessThan(25_000);
    assertThat(driver.findElement(By.cssSelector(".messages")).getText()).contains(key);
    assertThat(api("/admin/api/archive/batches").get("groups").findValuesAsText("key"))
        .doesNotContain(key);
    screenshot("archive-after-flush");
    // The sealed group becomes an object of the local archive store (<data-dir>/archive/<key>/...).
    Path store = Path.of(System.getProperty("it.data.dir", "target/it-data"), "archive");
    wait(30).until(d -> archivedSince(store, key, flushedAt));
  }

  private static boolean archivedSince(Path store, String key, long sinceMillis) {
    if (!Files.isDirectory(store)) {
      return false;
    }
    try (var files = Files.walk(store)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> store.relativize(f).toString().replace('\\', '/').startsWith(key + "/"))
          .filter(f -> !f.getFileName().toString().endsWith(".meta.json"))
          .anyMatch(f -> f.toFile().lastModified() >= sinceMillis);
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  @Order(5)
  void deadLettersPageListsNewestFirstAndFiltersByReason() throws Exception {
    String device = "console-it-big-" + System.currentTimeMillis();
    assertThat(publishOversizePayload(device))
        .as("the oversize payload of " + device + " became the newest dead letter within 30 s")
        .isTrue();
    open("/admin/dead-letters.xhtml", "dead-letter-table");
    measureLoad("dead letters");
    assertThat(driver.findElement(By.id("dead:stage")).getTagName()).isEqualTo("select");
    assertThat(driver.findElement(By.id("dead:reason")).getTagName()).isEqualTo("select");
    List<WebElement> rows = driver.findElements(By.cssSelector("#dead-letter-table tbody tr"));
    assertThat(rows.get(0).getText()).contains("oversize", "ingestion", device);
    new Select(driver.findElement(By.id("dead:reason"))).selectByValue("oversize");
    wait(20)
        .until(
            d -> {
              List<WebElement> r = d.findElements(By.cssSelector("#dead-letter-table tbody tr"));
              return !r.isEmpty() && r.stream().allMatch(x -> x.getText().contains("oversize"));
            });
    screenshot("dead-letters");
  }

  @Test
  @Order(6)
  void startDemoTrafficMakesTheDashboardChartGainPointsAndStopEndsIt() throws Exception {
    // How many more chart points above zero to wait for: a few for the test, more for a
    // screenshot that shows minutes of demo traffic (-Dit.demo.points=150).
    int morePoints = Integer.getInteger("it.demo.points", 3);
    open("/admin/index.xhtml", "stage-table");
    WebElement chart = driver.findElement(By.id("throughput-chart"));
    wait(40).until(d -> chart.getAttribute("data-nonzero") != null);
    int before = Integer.parseInt(chart.getAttribute("data-nonzero"));
    assertThat(demoState()).isEqualTo("OFF");

    driver.findElement(By.id("live:demo-start")).click();

    wait(20).until(d -> demoState().equals("RUNNING"));
    assertThat(driver.findElement(By.cssSelector(".messages")).getText())
        .contains("Demo traffic started");
    wait(60 + 2 * morePoints)
        .until(d -> Integer.parseInt(chart.getAttribute("data-nonzero")) >= before + morePoints);
    assertThat(Double.parseDouble(chart.getAttribute("data-max"))).isGreaterThan(0);
    wait(20).until(d -> d.findElement(By.id("demo-detail")).getText().contains("published"));
    screenshot("dashboard-demo");
    JsonNode running = api("/admin/api/demo").get("state");
    assertThat(running.get("running").asBoolean()).isTrue();
    assertThat(running.get("published").asLong()).isPositive();
    assertThat(running.get("startedBy").asText()).isEqualTo(ConsoleServer.adminUser());

    driver.findElement(By.id("live:demo-stop")).click();

    wait(20).until(d -> demoState().equals("OFF"));
    assertThat(api("/admin/api/demo").at("/state/running").asBoolean()).isFalse();
    assertThat(driver.findElements(By.id("live:demo-start"))).isNotEmpty();
  }

  @Test
  @Order(7)
  void theApiDescriptionPageStillWorksUnderTheServersHeaders() {
    // Liberty's /openapi/ui runs an inline script: the server-wide policy must not block it (the
    // CSP check after each test fails if it does).
    driver.get(ConsoleServer.base() + "/openapi/ui/");
    wait(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
    assertThat(driver.findElements(By.cssSelector(".opblock"))).isNotEmpty();
  }

  @Test
  @Order(8)
  void theConsoleWorksOverHttps() {
    // A login of its own: no cookie of the plain-HTTP login above.
    driver.get(ConsoleServer.httpsBase() + "/admin/login.xhtml");
    driver.manage().deleteAllCookies();
    driver.get(ConsoleServer.httpsBase() + "/admin/");
    wait(30).until(ExpectedConditions.urlContains("/admin/login.xhtml"));
    driver.findElement(By.id("login:user")).sendKeys(ConsoleServer.adminUser());
    driver.findElement(By.id("login:password")).sendKeys(ConsoleServer.adminPassword());
    driver.findElement(By.id("login:submit")).click();

    wait(30).until(ExpectedConditions.presenceOfElementLocated(By.id("stage-table")));
    assertThat(driver.getCurrentUrl()).startsWith("https://");
    WebElement chart = driver.findElement(By.id("throughput-chart"));
    // The chart's first fetch of the API over HTTPS has answered (no data-error).
    wait(30).until(d -> chart.getAttribute("data-updated") != null);
    assertThat(chart.getAttribute("data-error")).isNull();
  }

  private static String demoState() {
    return driver.findElement(By.id("demo-state")).getText().trim();
  }

  /** One payload over the default 256 KiB limit: ingestion dead-letters it with reason oversize. */
  private static boolean publishOversizePayload(String device) throws Exception {
    int port = Integer.getInteger("it.mqtt.port", 1883);
    try (MqttPublisher publisher = new MqttPublisher("tcp://127.0.0.1:" + port)) {
      publisher.publish("devices/" + device + "/telemetry", new byte[300_000]);
      publisher.flush();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      JsonNode d = api("/admin/api/dead-letters?limit=1");
      if (d.size() == 1 && d.get(0).get("deviceId").asText().equals(device)) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  @Test
  @Order(9)
  void deadLettersPageCountsAndReplaysTheTickedRowAfterConfirmation() throws Exception {
    String device = "console-it-replay-" + System.currentTimeMillis();
    assertThat(publishOversizePayload(device))
        .as("the oversize payload of " + device + " became the newest dead letter within 30 s")
        .isTrue();
    open("/admin/dead-letters.xhtml", "dead-letter-table");
    String row = "//table[@id='dead-letter-table']//tr[contains(., '" + device + "')]";
    WebElement tr = driver.findElement(By.xpath(row));
    assertThat(tr.getText()).contains("dead");
    tr.findElement(By.cssSelector("input[type=checkbox]")).click();

    driver.findElement(By.id("dead:dry-run")).click();
    String refusal = "an ingestion dead letter cannot be replayed: its input is the MQTT broker";
    wait(20)
        .until(
            d ->
                d.findElements(By.cssSelector(".messages")).stream()
                    .anyMatch(m -> m.getText().contains("Dry run: 1 match, 0 would be replayed")));
    assertThat(driver.findElement(By.cssSelector(".messages")).getText()).contains(refusal);

    driver.findElement(By.id("dead:replay-selected")).click();
    wait(10).until(ExpectedConditions.alertIsPresent());
    assertThat(driver.switchTo().alert().getText()).contains("Replay the ticked dead letters");
    driver.switchTo().alert().accept();
    wait(20)
        .until(
            d ->
                d.findElements(By.cssSelector(".messages")).stream()
                    .anyMatch(m -> m.getText().contains("Replayed 0 of 1 matching, 1 refused")));
    screenshot("dead-letters-replay");
    // Oversize ingestion dead letters cannot succeed again: it stays dead, and the refusal is
    // audited.
    assertThat(driver.findElement(By.xpath(row)).getText()).contains("dead");
  }

  @Test
  @Order(10)
  void auditPageListsActionsNewestFirstAndFiltersByAction() throws Exception {
    HttpResponse<String> flush =
        ConsoleServer.callAsAdmin("POST", "/admin/api/archive/batches/flush");
    assertThat(flush.statusCode()).isEqualTo(200);
    open("/admin/audit.xhtml", "audit-table");
    measureLoad("audit");
    List<WebElement> rows = driver.findElements(By.cssSelector("#audit-table tbody tr"));
    assertThat(rows.get(0).getText()).contains("archive.flush-all", ConsoleServer.adminUser());

    driver.findElement(By.id("audit:action")).sendKeys("archive.");
    driver.findElement(By.id("audit:apply")).click();
    wait(20)
        .until(
            d -> {
              List<WebElement> r = d.findElements(By.cssSelector("#audit-table tbody tr"));
              return !r.isEmpty() && r.stream().allMatch(x -> x.getText().contains("archive."));
            });
    screenshot("audit");
  }

  // ---- helpers

  private static void open(String path, String waitForId) {
    driver.get(ConsoleServer.base() + path);
    wait(30).until(ExpectedConditions.presenceOfElementLocated(By.id(waitForId)));
  }

  /** A wait that retries while an ajax update replaces the elements it looks at. */
  private static WebDriverWait wait(int seconds) {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(seconds));
    w.ignoring(StaleElementReferenceException.class);
    return w;
  }

  private static String valueOr(String v, String fallback) {
    return v == null || v.isEmpty() ? fallback : v;
  }

  private static void measureLoad(String page) {
    wait(30)
        .until(
            d ->
                ((Number)
                            ((JavascriptExecutor) d)
                                .executeScript(
                                    "var n = performance.getEntriesByType('navigation')[0];"
                                        + " return n ? n.loadEventEnd : 0;"))
                        .doubleValue()
                    > 0);
    Number ms =
        (Number)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "var n = performance.getEntriesByType('navigation')[0];"
                        + " return Math.round(n.loadEventEnd - n.startTime);");
    LOAD_MILLIS.put(page, ms.longValue());
  }

  private static void screenshot(String name) throws IOException {
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static JsonNode api(String path) throws Exception {
    HttpResponse<String> r =
        ConsoleServer.plainClient()
            .send(
                HttpRequest.newBuilder(ConsoleServer.uri(path))
                    .header(
                        "Authorization",
                        ConsoleServer.basic(
                            ConsoleServer.adminUser(), ConsoleServer.adminPassword()))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static long ingestionReceived() throws Exception {
    return api("/admin/api/pipeline").get("stages").get(0).at("/counters/received").asLong();
  }

  /** Publishes telemetry and waits until the ingestion stage counted it. */
  private static void publishTraffic(int messages) throws Exception {
    long before = ingestionReceived();
    publish(messages, "console-it");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ingestionReceived() <= before && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(ingestionReceived()).as("messages received by ingestion").isGreaterThan(before);
  }

  private static void publish(String topic, String payload) throws Exception {
    try (MqttPublisher publisher =
        new MqttPublisher("tcp://127.0.0.1:" + Integer.getInteger("it.mqtt.port", 1883))) {
      publisher.publish(topic, payload);
    }
  }

  /** Publishes telemetry of ten devices, 20 messages a second. */
  private static void publish(int messages, String devicePrefix) throws Exception {
    int port = Integer.getInteger("it.mqtt.port", 1883);
    try (MqttPublisher publisher = new MqttPublisher("tcp://127.0.0.1:" + port)) {
      for (int i = 0; i < messages; i++) {
        String device = devicePrefix + "-" + (i % 10);
        publisher.publish(
            "devices/" + device + "/telemetry",
            "{\"temperature\":" + (20 + i % 7) + ",\"seq\":" + i + "}");
        if (i % 20 == 19) {
          publisher.flush();
          Thread.sleep(1000);
        }
      }
      publisher.flush();
    }
  }
}
