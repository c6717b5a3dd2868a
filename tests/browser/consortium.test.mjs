import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, startBrowser, logIn, screenshot, screenshots } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(locale = "en-GB") {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

test("the consortium manager sees every member's ratio, the warnings and Table A", async () => {
  const page = await newPage();
  await logIn(page, server.url, "consortium.manager@demo.filiera.eu");
  await page.getByRole("navigation").getByRole("link", { name: "Consortium" }).click();
  await page.getByRole("heading", { name: "Consorzio Armonia" }).waitFor();
  const main = await page.locator("main").innerText();
  assert.match(main, /Table A/);
  assert.match(main, /Lavanderia Solidale/);
  assert.match(main, /would no longer be met/, "the forecast warns about the expiring certificate");
  assert.equal(await page.locator("svg.ratio-chart rect").count(), 3);
  await screenshot(page, "consortium-dashboard");
  await page.getByRole("link", { name: "Finance: Solidarity Fund and ledger" }).click();
  await page.getByRole("heading", { name: /Finance of/ }).waitFor();
  await screenshot(page, "consortium-finance");
  await page.context().close();
});

test("a production supervisor computes, edits and accepts a week's allocation", async () => {
  const page = await newPage();
  await logIn(page, server.url, "production.supervisor@demo.filiera.eu");
  await page.getByRole("navigation").getByRole("link", { name: "Consortium" }).click();
  await page.getByRole("button", { name: "Compute an allocation" }).click();
  await page.getByRole("heading", { name: /Allocation for the week of/ }).waitFor();
  await screenshot(page, "consortium-allocation");
  await page.screenshot({ path: join(screenshots, "consortium-allocation-top.png") });
  const first = page.locator("tbody.person:not(.idle) > tr > td > input.units").first();
  await first.fill("999999");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("alert").waitFor();
  assert.match(await page.getByRole("alert").innerText(), /seconds of work but has/);
  await page.locator("tbody.person:not(.idle) > tr > td > input.units").first().fill("1");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("button", { name: "Accept the allocation" }).click();
  await page.locator(".badge", { hasText: "accepted" }).first().waitFor();
  assert.equal(await page.locator("input.units").count(), 0, "an accepted allocation is read-only");
  await page.context().close();
});
