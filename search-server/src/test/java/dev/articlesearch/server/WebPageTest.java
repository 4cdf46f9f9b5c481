package dev.articlesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.articlesearch.core.ArticleIndex;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}),
 * against a real server over the bundled seeds plus Chinese articles written here. Screenshots go
 * to {@code target/screenshots/}. Without the browser the test is skipped, or fails when {@code CI}
 * is set: {@code bin/setup-test-browser} installs it.
 */
class WebPageTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Dimension DESKTOP = new Dimension(1280, 900);
  private static final Dimension PHONE = new Dimension(390, 844);

  private static final String ZH_TITLE = "智谱AI发布新一代基座大模型GLM-4";
  private static final String ZH_ARTICLE = ZH_TITLE + """

      -
      2024年1月16日，在北京举办的首届技术开放日上，一家源自清华大学的人工智能公司发布了新一代基座大模型GLM-4。
      智谱AI首席执行官张鹏表示，GLM-4的整体性能比上一代提升近60%，支持128K的上下文窗口，可以一次处理约300页文本。
      在多项公开评测中，GLM-4的成绩已经接近GPT-4的水平，在中文任务上的表现尤为突出。
      新模型还带来了全新的智能体能力：用户只需用自然语言描述需求，就能创建属于自己的GLM智能体。
      该公司此前开源的ChatGLM3-6B模型，在Hugging Face上的下载量已超过1000万次，是最受欢迎的中文开源模型之一。
      发布会现场座无虚席，到场的开发者超过一千人，不少人从外地专程赶来。
      多位投资人在会后表示，国产大模型的竞争已经从参数规模转向应用落地和商业化。
      业内人士认为，开源与商业并行的路线，让这家公司在开发者社区中积累了良好的口碑。
      与此同时，算力成本和数据质量仍然是所有大模型公司共同面对的挑战。
      清华大学教授唐杰说，团队的目标是让大模型像水和电一样，成为人人都能用上的基础设施。
      “智谱”这个名字取自“智慧的谱系”：智谱希望把知识连成一张图谱，让机器真正理解世界。
      公司计划在今年内推出更多面向企业的行业解决方案。
      """;
  /** Markup in a title and in paragraphs: the page must show it as text and never run it. */
  private static final String MARKUP_TITLE = "<b>标记</b>测试 <i>Markup</i> & \"quotes\"";
  private static final String MARKUP_SCRIPT = "脚本测试：<script>window.__pwned=1</script>这段只是文字 xsstest";
  private static final String MARKUP_IMG = "图片测试：<img src=x onerror=\"window.__pwned=1\">也只是文字 xsstest";

  /** Short news items mentioning 智谱 once, so that its results fill two pages (12 articles). */
  private static final int NEWS_ITEMS = 11;

  @TempDir static Path dir;
  /** Why the browser cannot run, or null. */
  static String missingBrowser;
  static SearchServer server;
  static ChromeDriverService service;
  static ChromeDriver driver;
  static WebDriverWait wait;
  static String base;

  @BeforeAll
  static void start() throws IOException {
    missingBrowser = missingBrowser();
    if (missingBrowser != null) {
      if (System.getenv("CI") != null) {
        fail(missingBrowser);
      }
      return; // each test is skipped with the reason (see desktop())
    }
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    try (Stream<Path> seeds = Files.list(Path.of("..", "seeds"))) {
      for (Path seed : seeds.filter(p -> p.toString().endsWith(".txt")).toList()) {
        Files.copy(seed, corpus.resolve(seed.getFileName()));
      }
    }
    Files.writeString(corpus.resolve("zh_glm4.txt"), ZH_ARTICLE, StandardCharsets.UTF_8);
    Files.writeString(corpus.resolve("zz_markup.txt"),
        MARKUP_TITLE + "\n-\n" + MARKUP_SCRIPT + "\n" + MARKUP_IMG + "\n", StandardCharsets.UTF_8);
    for (int i = 1; i <= NEWS_ITEMS; i++) {
      String n = String.format("%02d", i);
      Files.writeString(corpus.resolve("zh_news_" + n + ".txt"), "行业简讯 第" + n + "期\n-\n"
          + "本期关注国产大模型公司的近期动态，内容整理自公开报道。\n"
          + "第" + n + "条：智谱等多家公司宣布了新的开源计划，并表示将继续投入基础模型的研发。\n",
          StandardCharsets.UTF_8);
    }
    ArticleIndex.rebuild(corpus, dir.resolve("index"));
    server = SearchServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("index")));
    base = "http://127.0.0.1:" + server.port() + "/";

    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--lang=en-US",
        "--user-data-dir=" + dir.resolve("profile").toAbsolutePath());
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    Files.createDirectories(SCREENSHOTS);
  }

  private static String missingBrowser() {
    List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER)
        .filter(p -> !Files.isExecutable(p)).map(Path::toString).toList();
    return missing.isEmpty() ? null : "The web page test needs " + String.join(" and ", missing)
        + ": run bin/setup-test-browser (installs Debian's chromium, chromium-driver and CJK fonts)";
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void desktop() {
    Assumptions.assumeTrue(missingBrowser == null, missingBrowser);
    driver.manage().window().setSize(DESKTOP);
  }

  @Test
  void englishPhraseFindsItsArticleAndOpensItWithEveryMatchMarked() throws IOException {
    driver.get(base);
    driver.findElement(By.id("q")).sendKeys("\"Entity List\"", Keys.ENTER);
    waitForStatus("1 article · [0-9.]+ ms");
    assertEquals(base + "?q=%22Entity+List%22", driver.getCurrentUrl());
    List<WebElement> hits = hits();
    assertEquals(1, hits.size());
    assertEquals("According to reports, the U.S. Department of Commerce has placed Zhizhu AI on…",
        hits.get(0).findElement(By.tagName("h2")).getText());
    assertEquals(List.of("Entity List"), texts(hits.get(0).findElements(By.cssSelector(".snippet mark"))));
    assertFalse(driver.findElement(By.id("pager")).isDisplayed(), "one page needs no pager");
    screenshot("results-english");

    hits.get(0).findElement(By.cssSelector("h2 a")).click();
    WebElement hit = waitForArticle("p-1");
    assertEquals(base + "?q=%22Entity+List%22&article=000_df9a3cfbf9da6c43&p=1", driver.getCurrentUrl());
    assertEquals(List.of("Entity List", "Entity List"), texts(hit.findElements(By.tagName("mark"))));
    assertEquals(List.of("Entity List", "Entity List"),
        texts(driver.findElements(By.cssSelector("#paragraphs mark"))));
    assertTrue(inView(hit), "the hit paragraph is in view");

    driver.navigate().back();
    waitForStatus("1 article · [0-9.]+ ms");
    assertTrue(driver.findElement(By.id("results")).isDisplayed());
    assertFalse(driver.findElement(By.id("article")).isDisplayed());
  }

  @Test
  void chineseQueryPagesThroughArticlesAndScrollsToTheHitParagraph() throws IOException {
    driver.get(base);
    driver.findElement(By.id("q")).sendKeys("智谱", Keys.ENTER);
    waitForStatus("1–10 of 12 articles · [0-9.]+ ms");
    assertEquals(base + "?q=%E6%99%BA%E8%B0%B1", driver.getCurrentUrl());
    List<WebElement> hits = hits();
    assertEquals(10, hits.size());
    WebElement first = hits.get(0);
    assertEquals(ZH_TITLE, first.findElement(By.tagName("h2")).getText());
    assertEquals(List.of("智谱", "智谱"), texts(first.findElements(By.cssSelector(".snippet mark"))));
    assertEquals("¶ 11 · also in ¶ 2", first.findElement(By.cssSelector(".meta span")).getText());
    assertEquals("行业简讯 第01期", hits.get(1).findElement(By.tagName("h2")).getText());
    assertEquals("Page 1 of 2", text("page-info"));
    assertEquals("true", driver.findElement(By.id("prev")).getDomAttribute("aria-disabled"));
    screenshot("results-chinese");

    driver.findElement(By.id("next")).click();
    waitForStatus("11–12 of 12 articles · [0-9.]+ ms");
    assertEquals(base + "?q=%E6%99%BA%E8%B0%B1&page=2", driver.getCurrentUrl());
    assertEquals(List.of("行业简讯 第10期", "行业简讯 第11期"), titles());
    assertEquals("Page 2 of 2", text("page-info"));
    assertEquals("true", driver.findElement(By.id("next")).getDomAttribute("aria-disabled"));
    screenshot("results-chinese-page-2");
    driver.navigate().back();
    waitForStatus("1–10 of 12 articles · [0-9.]+ ms");
    driver.navigate().forward();
    waitForStatus("11–12 of 12 articles · [0-9.]+ ms");
    driver.navigate().refresh();
    waitForStatus("11–12 of 12 articles · [0-9.]+ ms");
    assertEquals("智谱", driver.findElement(By.id("q")).getDomProperty("value"));
    driver.findElement(By.id("prev")).click();
    waitForStatus("1–10 of 12 articles · [0-9.]+ ms");

    hits().get(0).findElement(By.cssSelector("h2 a")).click();
    WebElement hit = waitForArticle("p-11");
    assertEquals(base + "?q=%E6%99%BA%E8%B0%B1&article=zh_glm4&p=11", driver.getCurrentUrl());
    assertEquals(ZH_TITLE, text("article-title"));
    assertEquals(List.of("智谱", "智谱", "智谱"), texts(driver.findElements(By.cssSelector("#paragraphs mark"))));
    assertEquals(List.of("智谱", "智谱"), texts(hit.findElements(By.tagName("mark"))));
    assertTrue(scrollY() > 0, "the page scrolled down to paragraph 11");
    assertTrue(inView(hit), "the hit paragraph is in view");
    screenshot("article-chinese");

    driver.navigate().refresh();
    hit = waitForArticle("p-11");
    assertTrue(inView(hit), "after a reload the hit paragraph is in view again");
  }

  @Test
  void anOpenedHitShowsRelatedParagraphsOfOtherArticles() throws IOException {
    driver.get(base + "?q=%22Entity+List%22&article=000_df9a3cfbf9da6c43&p=1");
    WebElement related = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("related")));
    List<WebElement> links = related.findElements(By.cssSelector("a.related-link"));
    assertTrue(!links.isEmpty());
    assertTrue(links.get(0).getText().startsWith(
        "Behind the Billion-Dollar Valuation: The Development History of Zhipu AI · ¶ "), links.get(0).getText());
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", related);
    screenshot("article-related");
    String target = links.get(0).getText().replaceAll(".*¶ ", "");
    links.get(0).click();
    waitForArticle("p-" + target);
    assertEquals("Behind the Billion-Dollar Valuation: The Development History of Zhipu AI",
        driver.findElement(By.id("article-title")).getText());
  }

  @Test
  void misspeltQueryOffersTheCorrectionAsALink() throws IOException {
    driver.get(base);
    driver.findElement(By.id("q")).sendKeys("Tsinghua Univeristy", Keys.ENTER);
    WebElement correction = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#status a.did-you-mean")));
    assertEquals("Tsinghua University", correction.getText());
    screenshot("did-you-mean");
    correction.click();
    wait.until(d -> "Tsinghua University".equals(d.findElement(By.id("q")).getDomProperty("value")));
  }

  @Test
  void searchBoxOffersCompletionsOfWhatIsTyped() {
    driver.get(base);
    WebElement input = driver.findElement(By.id("q"));
    input.sendKeys("智");
    wait.until(d -> !d.findElements(By.cssSelector("#suggestions option[value='智谱']")).isEmpty());
    input.clear();
    input.sendKeys("Tsinghua u");
    wait.until(d -> !d.findElements(
        By.cssSelector("#suggestions option[value='tsinghua university']")).isEmpty());
    assertEquals("suggestions", input.getDomAttribute("list"));
  }

  @Test
  void imeCompositionSearchesOnlyOnceTheTextIsCommitted() {
    driver.get(base);
    WebElement input = driver.findElement(By.id("q"));
    input.click();
    // What an IME sends while pinyin is typed: compositionstart, then input events marked composing.
    driver.executeScript("""
        const q = document.getElementById('q');
        q.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
        q.value = 'zhi pu';
        q.dispatchEvent(new InputEvent('input', {data: 'zhi pu', isComposing: true,
            inputType: 'insertCompositionText'}));""");
    input.sendKeys(Keys.ENTER); // Enter picks a candidate in the IME: it must not search.
    pause(Duration.ofMillis(800)); // longer than the typing debounce
    assertEquals(base, driver.getCurrentUrl());
    assertTrue(driver.findElement(By.id("welcome")).isDisplayed());

    driver.executeScript("""
        const q = document.getElementById('q');
        q.value = '智谱';
        q.dispatchEvent(new CompositionEvent('compositionend', {data: '智谱'}));""");
    waitForStatus("1–10 of 12 articles · [0-9.]+ ms");
    assertEquals(base + "?q=%E6%99%BA%E8%B0%B1", driver.getCurrentUrl());
  }

  @Test
  void apiErrorsAndEmptyResultsAreShownAsReadableMessages() throws IOException {
    driver.get(base);
    new Select(driver.findElement(By.id("syntax"))).selectByValue("lucene");
    driver.findElement(By.id("q")).sendKeys("title:(", Keys.ENTER);
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertEquals("This query could not be read\nThe query ends too early (at position 7)", error.getText());
    assertEquals(base + "?q=title%3A%28&syntax=lucene", driver.getCurrentUrl());
    assertFalse(driver.findElement(By.id("results")).isDisplayed());
    screenshot("error-lucene");

    driver.get(base + "?q=%E6%99%BA%E8%B0%B1&page=5000");
    error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertEquals("The search was refused\nParameter 'offset' must be from 0 to 9990, was 49990;"
            + " the limit (max_window) is 10,000 for offset + limit",
        error.getText());

    driver.get(base + "?q=%E6%99%BA%E8%B0%B1&syntax=regex");
    error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertEquals("The search was refused\nParameter 'syntax' must be 'simple' or 'lucene', was 'regex'",
        error.getText());

    driver.get(base + "?q=%3Cb%3Ex&article=%3Cnope%3E");
    error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertEquals("Not found\nNo article '<nope>'", error.getText());
    assertTrue(driver.findElements(By.cssSelector("#error b, #error nope")).isEmpty(), "text, not HTML");

    driver.get(base + "?q=xylophone");
    waitForStatus("No articles match “xylophone”. Try fewer or other words.");
    assertTrue(hits().isEmpty());
    assertFalse(driver.findElement(By.id("error")).isDisplayed());
  }

  @Test
  void pageWorksFromTheKeyboard() {
    driver.get(base + "?q=%E6%99%BA%E8%B0%B1");
    waitForStatus("1–10 of 12 articles · [0-9.]+ ms");
    new Actions(driver).sendKeys("/").perform();
    assertEquals("q", activeId());
    // From the search box: the syntax switch, the button, then the first result.
    driver.switchTo().activeElement().sendKeys(Keys.TAB, Keys.TAB, Keys.TAB);
    WebElement focused = driver.switchTo().activeElement();
    assertEquals(ZH_TITLE, focused.getText());
    focused.sendKeys(Keys.ENTER);
    waitForArticle("p-11");
    assertEquals("p-11", activeId(), "the hit paragraph has the focus");
  }

  @Test
  void phoneWidthStacksTheFormAndDoesNotScrollSideways() throws IOException {
    driver.manage().window().setSize(PHONE);
    driver.get(base + "?q=model");
    waitForStatus("2 articles · [0-9.]+ ms");
    assertTrue(((Number) driver.executeScript("return window.innerWidth")).intValue() <= 560,
        "the phone layout applies");
    assertFalse(overflowsSideways());
    WebElement input = driver.findElement(By.id("q"));
    WebElement button = driver.findElement(By.cssSelector("#search button"));
    assertTrue(button.getRect().getY() > input.getRect().getY(), "the button wraps below the input");
    screenshot("mobile-results");

    hits().get(0).findElement(By.cssSelector("h2 a")).click();
    WebElement hit = waitForArticle("p-44");
    assertTrue(scrollY() > 0, "the page scrolled down to paragraph 44");
    assertTrue(inView(hit), "the hit paragraph is in view");
    assertFalse(overflowsSideways());
    screenshot("mobile-article");
  }

  @Test
  void markupInArticlesAndQueriesShowsAsTextAndNeverRuns() throws IOException {
    driver.get(base);
    driver.findElement(By.id("q")).sendKeys("<img> onerror xsstest", Keys.ENTER);
    waitForStatus("1 article · [0-9.]+ ms");
    List<WebElement> hits = hits();
    assertEquals(1, hits.size());
    assertEquals(MARKUP_TITLE, hits.get(0).findElement(By.tagName("h2")).getText());
    String snippet = hits.get(0).findElement(By.cssSelector(".snippet")).getText();
    // The snippet ends at the sentence break after "window.": the markup before it is text.
    assertTrue(snippet.startsWith("图片测试：<img src=x onerror=\"window."), snippet);
    assertEquals(List.of("img", "onerror"),
        texts(hits.get(0).findElements(By.cssSelector(".snippet mark"))));
    assertNoInjectedElements();
    screenshot("markup-results");

    hits.get(0).findElement(By.cssSelector("h2 a")).click();
    waitForArticle("p-2");
    assertEquals(MARKUP_TITLE, text("article-title"));
    assertEquals(MARKUP_SCRIPT, driver.findElement(By.id("p-1")).getText().replaceFirst("^1\\s*", ""));
    assertEquals(MARKUP_IMG, driver.findElement(By.id("p-2")).getText().replaceFirst("^2\\s*", ""));
    assertNoInjectedElements();

    driver.get(base + "?q=" + java.net.URLEncoder.encode("<svg/onload=qqzzjj()>", StandardCharsets.UTF_8));
    wait.until(ExpectedConditions.textMatches(By.id("status"), Pattern.compile("^No articles match.*")));
    assertTrue(text("status").startsWith("No articles match “<svg/onload=qqzzjj()>”."), text("status"));
    assertEquals("<svg/onload=qqzzjj()>", driver.findElement(By.id("q")).getDomProperty("value"));
    assertNoInjectedElements();
  }

  @Test
  void pageRunsUnderItsContentSecurityPolicyWhichRefusesInlineScript() {
    driver.get(base);
    driver.executeScript("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective));""");
    driver.findElement(By.id("q")).sendKeys("智谱", Keys.ENTER);
    waitForStatus("1–10 of 12 articles · [0-9.]+ ms");
    hits().get(0).findElement(By.cssSelector("h2 a")).click();
    waitForArticle("p-11");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#related a.related-link")));
    assertEquals(List.of(), driver.executeScript("return window.__violations"), "the page needs nothing refused");
    assertTrue(((Number) driver.executeScript(
        "return document.styleSheets[0].cssRules.length")).intValue() > 20, "the style sheet applies");
    Object policy = driver.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('./').then(r => done(r.headers.get('content-security-policy')));""");
    assertEquals(HttpHardeningTest.CSP, policy);

    // What an injection would try, refused by the policy: an inline script and an inline handler.
    Object ran = driver.executeScript("""
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.head.append(s);
        const d = document.createElement('div');
        d.setAttribute('onclick', 'window.__inline = 2');
        document.body.append(d);
        d.click();
        return typeof window.__inline;""");
    assertEquals("undefined", ran);
    wait.until(d -> ((List<?>) driver.executeScript("return window.__violations")).size() >= 2);
    assertEquals(List.of("script-src-elem", "script-src-attr"), driver.executeScript("return window.__violations"));
  }

  /** Nothing from the articles or the query became an element, and nothing of it ran. */
  private static void assertNoInjectedElements() {
    assertEquals("undefined", driver.executeScript("return typeof window.__pwned"));
    assertEquals(List.of(), driver.findElements(By.cssSelector("#main script, #main img, #main b, #main i, #main svg")));
    assertEquals(1L, driver.executeScript("return document.scripts.length"), "app.js only");
  }

  // ---- helpers ----

  private static void waitForStatus(String regex) {
    wait.until(ExpectedConditions.textMatches(By.id("status"), Pattern.compile("^" + regex + "$")));
  }

  /** Waits for the article view with {@code paragraphId} marked as the hit, and returns it. */
  private static WebElement waitForArticle(String paragraphId) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#" + paragraphId + ".is-hit")));
    assertTrue(driver.findElement(By.id("article")).isDisplayed());
    assertFalse(driver.findElement(By.id("results")).isDisplayed());
    return driver.findElement(By.id(paragraphId));
  }

  private static List<WebElement> hits() {
    return driver.findElements(By.cssSelector("#results:not([hidden]) #hits > li"));
  }

  private static List<String> titles() {
    List<String> titles = new ArrayList<>();
    for (WebElement hit : hits()) {
      titles.add(hit.findElement(By.tagName("h2")).getText());
    }
    return titles;
  }

  private static List<String> texts(List<WebElement> elements) {
    return elements.stream().map(WebElement::getText).toList();
  }

  private static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static String activeId() {
    return driver.switchTo().activeElement().getDomAttribute("id");
  }

  /** Whether the element is wholly visible: below the sticky header and above the fold. */
  private static boolean inView(WebElement element) {
    return (Boolean) ((JavascriptExecutor) driver).executeScript("""
        const r = arguments[0].getBoundingClientRect();
        const header = document.querySelector('.top');
        const top = getComputedStyle(header).position === 'sticky'
            ? header.getBoundingClientRect().bottom : 0;
        return r.top >= top - 1 && r.bottom <= window.innerHeight + 1;""", element);
  }

  private static double scrollY() {
    return ((Number) driver.executeScript("return window.scrollY")).doubleValue();
  }

  private static boolean overflowsSideways() {
    return (Boolean) driver.executeScript(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
  }

  private static void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
