package org.gridledger.explorer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian chromium driven through the system chromedriver (both installed by {@code
 * scripts/ensure-os-packages.sh chromium chromium-driver} when missing), with a fresh profile.
 */
final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  static Browser start(Path profile) throws IOException, InterruptedException {
    ensureInstalled();
    Files.createDirectories(profile);
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
        "--window-size=1280,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options));
  }

  private static void ensureInstalled() throws IOException, InterruptedException {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    Path script =
        Path.of(
            System.getProperty("gridledger.repo.root", ".."), "scripts", "ensure-os-packages.sh");
    Process p =
        new ProcessBuilder("bash", script.toString(), "chromium", "chromium-driver")
            .inheritIO()
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          script + " chromium chromium-driver failed: " + p.exitValue());
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  List<WebElement> rows(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits up to 30 s for {@code condition} (DOM reads may race with re-rendering: retried). */
  void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (WebDriverException e) {
        // stale element while the page re-renders: look again
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the page did not show " + what + " within 30 s");
  }

  void screenshot(Path to) throws IOException {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
