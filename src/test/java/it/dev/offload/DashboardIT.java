package it.dev.offload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, used as an operator would: submit a task and watch it
 * complete, open its detail, retry a dead letter. Screenshots go to target/screenshots.
 */
class DashboardIT {

  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void openTheDashboard() {
    Offload.ensureWorkerRunning();
    open(String.join(":", Offload.OPERATOR));
  }

  /** A fresh browser signed in as {@code account} (name:password), the dashboard open. */
  private void open(String account) {
    if (browser != null) {
      browser.quit();
    }
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(System.getProperty("offload.chromium", "/usr/bin/chromium"))
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(System.getProperty("offload.chromedriver", "/usr/bin/chromedriver")))
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1440, 900));
    wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(200));
    // Signed in as a browser does it: the page answers 401 with a Basic challenge, which the
    // credentials in the first address answer; the browser keeps them for the site. The page is
    // then opened at its plain address, as fetch() refuses URLs that carry credentials.
    browser.get(Offload.API.replace("://", "://" + account + "@") + "/");
    browser.get(Offload.API + "/");
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
  }

  @AfterEach
  void closeTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aTaskSubmittedThroughThePageIsSeenToComplete() throws IOException {
    WebElement payload = browser.findElement(By.name("payload"));
    payload.clear();
    payload.sendKeys("{\"durationMs\": 1500, \"result\": \"from the dashboard\"}");
    browser.findElement(By.id("submit")).click();

    String id =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("submitted-id"))).getText();
    By status = By.cssSelector("#tasks tr[data-id='" + id + "'] .badge");
    wait.until(ExpectedConditions.textToBe(status, "COMPLETED"));
    assertThat(Offload.task(id).getString("result")).isEqualTo("from the dashboard");

    browser.findElement(By.cssSelector("#tasks tr[data-id='" + id + "']")).click();
    wait.until(ExpectedConditions.textToBe(By.id("detail-id"), id));
    List<String> history =
        browser.findElements(By.cssSelector("#detail-history .badge")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(history).containsExactly("QUEUED", "PROCESSING", "COMPLETED");
    screenshot("dashboard-task-detail.png");
    browser.findElement(By.id("detail-close")).click();

    wait.until(d -> !d.findElement(By.id("count-COMPLETED")).getText().startsWith("0"));
    screenshot("dashboard.png");
  }

  @Test
  void aRunningTaskShowsItsProgressAndIsCancelledFromThePage() throws IOException {
    // Reports 10 % every 3 s.
    String id = Offload.submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":30000}}");
    By row = By.cssSelector("#tasks tr[data-id='" + id + "']");
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("#tasks tr[data-id='" + id + "'] .badge"), "PROCESSING"));
    Integer percent =
        wait.until(
            d -> {
              try {
                return Integer.valueOf(
                    d.findElement(By.cssSelector("#tasks tr[data-id='" + id + "'] progress"))
                        .getAttribute("value"));
              } catch (NoSuchElementException | StaleElementReferenceException notYet) {
                return null;
              }
            });
    assertThat(percent).isBetween(10, 90);
    screenshot("dashboard-running.png");

    // Rows are drawn again at every transition: click the button that is there now.
    wait.until(
        d -> {
          try {
            d.findElement(row).findElement(By.cssSelector("button.cancel")).click();
            return true;
          } catch (StaleElementReferenceException redrawn) {
            return false;
          }
        });

    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("#tasks tr[data-id='" + id + "'] .badge"), "CANCELLED"));
    assertThat(browser.findElement(row).findElements(By.cssSelector("button.cancel")))
        .as("no cancel button on a finished task")
        .isEmpty();
    assertThat(Offload.task(id).getList("history.detail", String.class))
        .contains("cancelled by it-operator: from the dashboard");
  }

  @Test
  void aDeadLetterIsRetriedFromThePage() throws IOException {
    // Fails its one attempt, so it is dead-lettered; the retry's attempt succeeds.
    String id =
        Offload.submit("{\"type\":\"simulate\",\"maxAttempts\":1,\"payload\":{\"failTimes\":1}}");
    Offload.awaitStatus(id, "FAILED", Duration.ofSeconds(60));

    By row = By.cssSelector("#dead-letters tr[data-id='" + id + "']");
    WebElement retry =
        wait.until(ExpectedConditions.elementToBeClickable(row))
            .findElement(By.cssSelector("button.retry"));
    screenshot("dashboard-dead-letters.png");
    retry.click();

    wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
    Offload.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("#tasks tr[data-id='" + id + "'] .badge"), "COMPLETED"));
    assertThat(Offload.task(id).getList("history.detail", String.class))
        .anySatisfy(
            detail -> assertThat(detail).isEqualTo("retried by it-operator: from the dashboard"));
  }

  @Test
  void aViewerSeesEverythingButIsOfferedNoAction() throws IOException {
    String id =
        Offload.submit("{\"type\":\"simulate\",\"maxAttempts\":1,\"payload\":{\"failTimes\":1}}");
    Offload.awaitStatus(id, "FAILED", Duration.ofSeconds(60));

    open("it-viewer:it-viewer-secret");

    wait.until(ExpectedConditions.textToBe(By.id("account"), "it-viewer (viewer)"));
    WebElement row =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#dead-letters tr[data-id='" + id + "']")));
    assertThat(row.findElements(By.tagName("button"))).as("retry and discard buttons").isEmpty();
    assertThat(browser.findElement(By.id("submit-panel")).isDisplayed()).isFalse();
    screenshot("dashboard-viewer.png");
  }

  @Test
  void aSubmitterSeesOnlyItsOwnTasks() {
    String before = Offload.submit("{\"type\":\"simulate\",\"delay\":\"PT1H\"}");
    open("it-submitter:it-submitter-secret");
    wait.until(ExpectedConditions.textToBe(By.id("account"), "it-submitter (submitter)"));
    // Another account's task that runs while the page is open: its transitions are not sent here.
    String meanwhile = Offload.submit("{\"type\":\"simulate\",\"payload\":{}}");

    browser.findElement(By.id("submit")).click();
    String id =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("submitted-id"))).getText();
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("#tasks tr[data-id='" + id + "'] .badge"), "COMPLETED"));
    Offload.awaitStatus(meanwhile, "COMPLETED", Duration.ofSeconds(60));

    assertThat(
            browser.findElement(By.cssSelector("#tasks tr[data-id='" + id + "'] .owner")).getText())
        .isEqualTo("it-submitter");
    for (String others : List.of(before, meanwhile)) {
      assertThat(browser.findElements(By.cssSelector("#tasks tr[data-id='" + others + "']")))
          .as("a row for the operator's task " + others)
          .isEmpty();
    }
    assertThat(browser.findElement(By.id("dead-letters-panel")).isDisplayed()).isFalse();
  }

  private void screenshot(String name) throws IOException {
    Path directory = Path.of(System.getProperty("offload.screenshots", "target/screenshots"));
    Files.createDirectories(directory);
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
