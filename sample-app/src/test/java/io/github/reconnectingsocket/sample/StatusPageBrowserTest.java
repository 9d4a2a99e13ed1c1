package io.github.reconnectingsocket.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.spring.ReconnectingSocketRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in a real headless Chromium, driven by Selenium with Debian's
 * {@code chromedriver} (never a downloaded one). Skipped only on a machine without
 * Chromium that is not CI: with {@code CI} set, a missing browser fails the build instead
 * of skipping silently.
 */
@SampleAppTest
class StatusPageBrowserTest {

	private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static Path profile;

	private static WebDriver driver;

	@LocalServerPort
	private int port;

	@Autowired
	private EchoServer echoServer;

	@Autowired
	private ReconnectingSocketRegistry registry;

	@BeforeAll
	static void startBrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
				"No " + CHROMIUM + " on this machine (and CI is not set): install chromium and chromium-driver");
		profile = Files.createTempDirectory("sample-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--hide-scrollbars", "--window-size=1280,1100", "--user-data-dir=" + profile.toAbsolutePath());
		// An explicit driver: Selenium Manager never runs, so nothing is downloaded.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		driver = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (driver != null) {
			driver.quit();
			driver = null;
		}
		if (profile != null) {
			try (Stream<Path> files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
	}

	@BeforeEach
	void serverRunningAndSocketOpened() {
		this.echoServer.start();
		await().atMost(TIMEOUT)
			.until(() -> this.registry.find("echo")
				.map((socket) -> socket.state() == SocketState.OPENED)
				.orElse(false));
	}

	@Test
	void stopAndStartTheServerFromThePage() throws IOException {
		driver.get("http://127.0.0.1:" + this.port + "/");
		WebElement echo = waitForState("opened");
		assertThat(echo.findElement(By.cssSelector("[data-field='name']")).getText()).isEqualTo("echo");
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.attributeToBe(By.id("echo-server"), "data-running", "true"));
		// Let the page show traffic and a transition or two before the picture.
		new WebDriverWait(driver, TIMEOUT).until((d) -> !"—".equals(d.findElement(By.id("stats-rtt")).getText()));
		screenshot("status-page-opened.png");

		driver.findElement(By.id("server-stop")).click();
		WebElement disconnected = waitForState("closed", "reopening");
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.attributeToBe(By.id("echo-server"), "data-running", "false"));
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.textMatches(By.cssSelector("[data-socket='echo'] [data-field='error']"),
					java.util.regex.Pattern.compile("ConnectException")));
		assertThat(disconnected.getAttribute("data-state")).isIn("closed", "reopening");
		assertThat(driver.findElements(By.cssSelector("#timeline li[data-socket='echo'][data-to='closed']")))
			.isNotEmpty();
		screenshot("status-page-disconnected.png");

		driver.findElement(By.id("server-start")).click();
		waitForState("opened");
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.attributeToBe(By.id("echo-server"), "data-running", "true"));
	}

	@Test
	void reconnectFromThePage() {
		driver.get("http://127.0.0.1:" + this.port + "/");
		WebElement echo = waitForState("opened");
		long opens = opens();
		echo.findElement(By.cssSelector("button[data-action='reconnect']")).click();
		await().atMost(TIMEOUT).until(() -> opens() > opens);
		waitForState("opened");
		new WebDriverWait(driver, TIMEOUT).until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("#timeline li[data-socket='echo'][data-to='reopening']")));
	}

	private long opens() {
		return this.registry.find("echo").orElseThrow().snapshot().counters().opens();
	}

	private WebElement waitForState(String... states) {
		By card = By.cssSelector("[data-socket='echo']");
		new WebDriverWait(driver, TIMEOUT).until((d) -> {
			var found = d.findElements(card);
			return !found.isEmpty() && java.util.List.of(states).contains(found.get(0).getAttribute("data-state"));
		});
		return driver.findElement(card);
	}

	private void screenshot(String name) throws IOException {
		Path directory = Files.createDirectories(Paths.get("target", "screenshots"));
		File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
		Files.copy(png.toPath(), directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
