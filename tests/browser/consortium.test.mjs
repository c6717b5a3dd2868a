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
  page.once("dialog", async (dialog) => {
    assert.match(dialog.message(), /can no longer change/, "accepting asks first");
    await dialog.accept();
  });
  await page.getByRole("button", { name: "Accept the allocation" }).click();
  await page.locator(".badge", { hasText: "accepted" }).first().waitFor();
  assert.equal(await page.locator("input.units").count(), 0, "an accepted allocation is read-only");
  await page.context().close();
});

test("a consortium manager adds a member, records hours and a level progression through the forms", async () => {
  const page = await newPage();
  await logIn(page, server.url, "consortium.manager@demo.filiera.eu");
  await page.getByRole("navigation").getByRole("link", { name: "Consortium" }).click();
  await page.getByRole("heading", { name: "Consorzio Armonia" }).waitFor();
  const girasole = page.locator("li.card", { hasText: "Il Girasole" });
  await girasole.getByRole("link", { name: "Workforce and members" }).click();
  await page.getByRole("link", { name: "Open the membership register" }).click();
  await page.getByRole("heading", { name: /Membership register of/ }).waitFor();
  await page.getByLabel("Name", { exact: true }).fill("Giulia Bianchi");
  await page.getByLabel("Kind", { exact: true }).selectOption("financing");
  await page.getByLabel("Shares (€)").fill("500");
  await page.getByRole("button", { name: "Save" }).click();
  const row = page.locator("tr", { hasText: "Giulia Bianchi" });
  await row.waitFor();
  assert.match(await row.innerText(), /Financing member/);
  assert.match(await row.innerText(), /€ 500\.00/);
  await screenshot(page, "consortium-members");
  await page.getByRole("link", { name: "Workforce and members" }).first().click();
  await page.getByRole("link", { name: "Users on the filière" }).click();
  await page.getByRole("heading", { name: /Filière of/ }).waitFor();
  await page.locator("#progression-user").selectOption({ index: 0 });
  await page.locator("#level").selectOption("5");
  await page.getByRole("button", { name: "Record" }).first().click();
  await page.getByRole("heading", { name: /Filière of/ }).waitFor();
  assert.equal(await page.getByRole("alert").count(), 0);
  await screenshot(page, "consortium-filiere");
  await page.getByRole("link", { name: "Workforce and members" }).first().click();
  await page.getByRole("link", { name: "Hours register" }).click();
  await page.getByRole("heading", { name: /Hours register of/ }).waitFor();
  const worker = await page.locator("#worker_id option").first().innerText();
  await page.locator("#hours").fill("123.25");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("tr", { hasText: worker }).filter({ hasText: "123.25" }).waitFor();
  await screenshot(page, "consortium-hours");
  await page.context().close();
});
