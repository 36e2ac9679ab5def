import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
/** Screenshots land here for people to look at (gitignored). */
const ARTIFACTS = join(ROOT, "test-artifacts");
/** Debian's Chromium; never a downloaded browser. */
const CHROMIUM = "/usr/bin/chromium";

let work: string;
let reportUrl: string;
let browser: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "depeche-report-"));
  // The five seeds and one input that cannot be enriched (empty).
  const inputs = join(work, "inputs");
  await mkdir(inputs);
  for (const seed of await readdir(join(ROOT, "seeds"))) {
    await copyFile(join(ROOT, "seeds", seed), join(inputs, seed));
  }
  await writeFile(join(inputs, "vide.txt"), "");
  const out = join(work, "out");
  await exec(process.execPath, [join(ROOT, "bin/depeche.mjs"), "run", inputs, "--out", out], {
    cwd: ROOT,
    timeout: 120_000,
  }).catch((error: { code?: number }) => {
    // Exit 2: some inputs ended as failure records, as intended here.
    if (error.code !== 2) throw error;
  });
  reportUrl = `file://${join(out, "report.html")}`;

  browser = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    offline: true,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  page.on("request", (request) => {
    if (!request.url().startsWith("file://")) consoleErrors.push(`network: ${request.url()}`);
  });
  await mkdir(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await rm(work, { recursive: true, force: true });
});

describe("the run report in Chromium", () => {
  it("opens from file:// and lists the five seeds and the failure", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(reportUrl);
    await expect(page.locator("h1").textContent()).resolves.toContain("run report");
    const rows = page.locator("#article-rows tr");
    await expect(rows.count()).resolves.toBe(6);
    await expect(page.locator('#article-rows tr[data-status="enriched"]').count()).resolves.toBe(5);
    await expect(page.locator('#article-rows tr[data-status="failed"]').count()).resolves.toBe(1);
    const glance = (await page.locator("#glance-heading + dl").textContent()) ?? "";
    expect(glance).toMatch(/Enriched\s*5/);
    expect(glance).toContain("EMPTY_INPUT");
    // No article is rendered before it is opened.
    await expect(page.locator("#article-view").innerHTML()).resolves.toBe("");
    await page.screenshot({ path: join(ARTIFACTS, "report-overview.png"), fullPage: true });
  });

  it("shows a failure's code and reason", async () => {
    await page.goto(reportUrl);
    await page.getByRole("link", { name: "vide.txt" }).click();
    const view = page.locator("#article-view");
    await expect(view.locator(".failure strong").textContent()).resolves.toBe("EMPTY_INPUT");
    await expect(view.locator(".failure p").textContent()).resolves.toMatch(/empty/i);
    // Focus moves to the article's heading, for keyboard and screen-reader users.
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe("H2");
  });

  it("marks a known entity in the English and shows French and English side by side", async () => {
    await page.goto(reportUrl);
    await page.getByRole("link", { name: /Russian-Turkish military cooperation/ }).click();
    const view = page.locator("#article-view");
    await expect(view.locator("h2").textContent()).resolves.toContain(
      "Russian-Turkish military cooperation",
    );
    const nato = view.locator('p[lang="en"] mark.entity', { hasText: "NATO" }).first();
    await expect(nato.getAttribute("title")).resolves.toBe("ORGANIZATION");
    const french = await view.locator('.pairs p[lang="fr"]').count();
    const english = await view.locator('.pairs p[lang="en"]').count();
    expect(french).toBeGreaterThan(5);
    expect(english).toBe(french);
    await expect(view.locator('[role="img"][aria-label^="Sentiment"]').count()).resolves.toBe(1);
    await expect(view.locator("details.removed summary").textContent()).resolves.toMatch(
      /What the cleaner removed/,
    );
    await page.screenshot({ path: join(ARTIFACTS, "report-article.png"), fullPage: true });

    // Back to the list with the keyboard.
    await view.getByRole("link", { name: "← All articles" }).press("Enter");
    await page.waitForURL(/#overview$/);
    await page.locator("#overview").waitFor({ state: "visible" });
    // Focus returns to the link the article was opened from.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toMatch(/^link-\d+$/);
  });

  it("reads on a phone-width screen: one column, no horizontal scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${reportUrl}#article-4`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const [fr, en] = await page
      .locator(".pairs p")
      .evaluateAll((ps) => ps.slice(0, 2).map((p) => p.getBoundingClientRect().left));
    expect(fr).toBe(en);
    await page.screenshot({ path: join(ARTIFACTS, "report-article-phone.png"), fullPage: false });
  });

  it("logged no console error and made no network request", () => {
    expect(consoleErrors).toEqual([]);
  });
});
