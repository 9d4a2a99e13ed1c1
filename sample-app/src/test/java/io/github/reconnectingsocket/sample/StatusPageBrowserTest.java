package io.github.reconnectingsocket.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.reconnectingsocket.core.ReconnectingSocket;
import io.github.reconnectingsocket.core.SocketState;
import io.github.reconnectingsocket.core.SocketSnapshot;
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

	/** Liveness timeout plus room for the heartbeat in flight and a loaded machine. */
	private static final Duration LIVENESS_DETECTION = Duration.ofMillis(SampleAppTest.LIVENESS_MILLIS).plusSeconds(4);

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
				"--hide-scrollbars", "--window-size=1280,1800", "--user-data-dir=" + profile.toAbsolutePath());
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
	void serverRunningAndSocketsOpened() {
		this.echoServer.resume();
		this.echoServer.start();
		await().atMost(TIMEOUT)
			.until(() -> state("echo") == SocketState.OPENED && state("ws-echo") == SocketState.OPENED);
	}

	@Test
	void thePageShowsBothDeclaredSocketsWithTheirTraffic() throws IOException {
		driver.get("http://127.0.0.1:" + this.port + "/");
		for (String socket : List.of("echo", "ws-echo")) {
			WebElement card = waitForState(socket, "opened");
			assertThat(card.findElement(By.cssSelector("[data-field='name']")).getText()).isEqualTo(socket);
			// Round trips measured from the echoes that came back as events.
			new WebDriverWait(driver, TIMEOUT).until((d) -> text(socket, "rtt").endsWith(" ms"));
			// "396", or "396 (1 lost)" when a send found the socket closed (a reconnect
			// left over from another test).
			assertThat(Long.parseLong(text(socket, "sent").split(" ")[0])).isPositive();
			assertThat(text(socket, "down")).isEqualTo("connected");
		}
		assertThat(text("echo", "target")).contains("TcpSocketFactory[127.0.0.1:" + this.echoServer.port());
		assertThat(text("ws-echo", "target")).contains("ws://127.0.0.1:" + this.port + "/ws-echo");
		assertThat(text("echo", "received")).contains("heartbeats");
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.textMatches(By.id("ws-endpoint"), Pattern.compile("/ws-echo .* 1 session$")));
		screenshot("status-page-opened.png");
	}

	@Test
	void stallAndResumeTheServerFromThePage() throws IOException {
		driver.get("http://127.0.0.1:" + this.port + "/");
		waitForState("echo", "opened");
		long disconnections = counters("echo").disconnections();
		long wsEchoOpens = counters("ws-echo").opens();

		driver.findElement(By.id("server-stall")).click();
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.attributeToBe(By.id("echo-server"), "data-stalled", "true"));
		assertThat(driver.findElement(By.id("server-badge")).getText()).isEqualTo("stalled");
		// Liveness, not the server, ends the connection: the page names the error.
		await().atMost(LIVENESS_DETECTION).until(() -> counters("echo").disconnections() > disconnections);
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.textMatches(By.cssSelector("[data-socket='echo'] [data-field='error']"),
					Pattern.compile("LivenessTimeoutException: No sign of life for \\d+ ms \\(liveness timeout "
							+ SampleAppTest.LIVENESS_MILLIS + " ms\\)")));
		new WebDriverWait(driver, TIMEOUT).until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("#timeline li[data-socket='echo'][data-to='closed']")));
		assertThat(driver.findElement(By.id("server-resume")).isEnabled()).isTrue();
		assertThat(driver.findElement(By.id("server-stall")).isEnabled()).isFalse();
		screenshot("status-page-stalled.png");

		driver.findElement(By.id("server-resume")).click();
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.attributeToBe(By.id("echo-server"), "data-stalled", "false"));
		waitForState("echo", "opened");
		// Answered again: echoes count up on the page and the connection stays.
		String received = text("echo", "received");
		new WebDriverWait(driver, TIMEOUT).until((d) -> !text("echo", "received").equals(received));
		long settled = counters("echo").disconnections();
		await().pollDelay(Duration.ofMillis(3 * SampleAppTest.LIVENESS_MILLIS))
			.atMost(TIMEOUT)
			.until(() -> state("echo") == SocketState.OPENED);
		assertThat(counters("echo").disconnections()).isEqualTo(settled);
		assertThat(counters("ws-echo").opens()).isEqualTo(wsEchoOpens);
	}

	@Test
	void stopAndStartTheServerFromThePage() throws IOException {
		driver.get("http://127.0.0.1:" + this.port + "/");
		waitForState("echo", "opened");
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.attributeToBe(By.id("echo-server"), "data-running", "true"));

		driver.findElement(By.id("server-stop")).click();
		WebElement disconnected = waitForState("echo", "closed", "reopening");
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.attributeToBe(By.id("echo-server"), "data-running", "false"));
		new WebDriverWait(driver, TIMEOUT).until(ExpectedConditions.textMatches(
				By.cssSelector("[data-socket='echo'] [data-field='error']"), Pattern.compile("ConnectException")));
		assertThat(disconnected.getAttribute("data-state")).isIn("closed", "reopening");
		assertThat(driver.findElements(By.cssSelector("#timeline li[data-socket='echo'][data-to='closed']")))
			.isNotEmpty();
		screenshot("status-page-disconnected.png");

		driver.findElement(By.id("server-start")).click();
		waitForState("echo", "opened");
		new WebDriverWait(driver, TIMEOUT)
			.until(ExpectedConditions.attributeToBe(By.id("echo-server"), "data-running", "true"));
	}

	@Test
	void reconnectFromThePage() {
		driver.get("http://127.0.0.1:" + this.port + "/");
		WebElement echo = waitForState("echo", "opened");
		long opens = counters("echo").opens();
		echo.findElement(By.cssSelector("button[data-action='reconnect']")).click();
		await().atMost(TIMEOUT).until(() -> counters("echo").opens() > opens);
		waitForState("echo", "opened");
		new WebDriverWait(driver, TIMEOUT).until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("#timeline li[data-socket='echo'][data-to='reopening']")));
	}

	private SocketState state(String socket) {
		return this.registry.find(socket).map(ReconnectingSocket::state).orElse(null);
	}

	private SocketSnapshot.Counters counters(String socket) {
		return this.registry.find(socket).orElseThrow().snapshot().counters();
	}

	private static String text(String socket, String field) {
		return driver.findElement(By.cssSelector("[data-socket='" + socket + "'] [data-field='" + field + "']"))
			.getText();
	}

	private WebElement waitForState(String socket, String... states) {
		By card = By.cssSelector("[data-socket='" + socket + "']");
		new WebDriverWait(driver, TIMEOUT).until((d) -> {
			var found = d.findElements(card);
			return !found.isEmpty() && List.of(states).contains(found.get(0).getAttribute("data-state"));
		});
		return driver.findElement(card);
	}

	private void screenshot(String name) throws IOException {
		Path directory = Files.createDirectories(Paths.get("target", "screenshots"));
		File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
		Files.copy(png.toPath(), directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
