// A cooperative's case manager generates and submits a quarterly provider
// report; the programme manager sends one back with a comment, approves the
// demo's pending report, records the payment of its claim and reads the budget
// chart. An approved report offers no way to change it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, startBrowser, logIn, screenshot, storyYear } from "./harness.mjs";

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

async function openReports(page) {
  await page.getByRole("navigation").getByRole("link", { name: "Programmes" }).click();
  await page.getByRole("link", { name: "ALI — Agenzia per il Lavoro Innovativo" }).click();
  await page.locator("#reports-link").click();
  await page.locator("h1", { hasText: "Provider reports" }).waitFor();
}

test("a case manager submits a report and the programme manager reviews it", async () => {
  const coop = await newPage();
  await logIn(coop, server.url, "case.manager@demo.filiera.eu");
  await openReports(coop);
  // A malformed quarter comes back next to its field, with the typed value kept.
  await coop.locator("#quarter").fill("2021-Q7");
  await coop.getByRole("button", { name: "Generate report" }).click();
  await coop.locator("#form-errors").waitFor();
  assert.equal(await coop.locator("#quarter").inputValue(), "2021-Q7");
  await coop.locator("#quarter").fill("2021-Q4");
  await coop.getByRole("button", { name: "Generate report" }).click();
  await coop.locator("#report-status", { hasText: "draft" }).waitFor();
  await coop.locator("#submit-report").click();
  await coop.locator("#report-status", { hasText: "submitted for review" }).waitFor();
  assert.equal(await coop.locator("#approve-report").count(), 0, "the cooperative does not approve");

  const manager = await newPage();
  await logIn(manager, server.url, "programme.manager@demo.filiera.eu");
  await manager.goto(coop.url());
  await manager.locator("#return-report").click();
  await manager.locator("#form-errors").waitFor();
  await manager.locator("#comment").fill("The December sessions are missing.");
  await manager.locator("#return-report").click();
  await manager.locator("#report-status", { hasText: "sent back" }).waitFor();

  await coop.reload();
  await coop.locator("#review-comment", { hasText: "The December sessions are missing." }).waitFor();
  await screenshot(coop, "provider-report-returned");
});

test("the programme manager approves the pending report, pays its claim and reads the budget", async () => {
  const page = await newPage();
  await logIn(page, server.url, "programme.manager@demo.filiera.eu");
  await openReports(page);
  const pending = `${storyYear(2022)}-Q2`;
  await page.getByRole("row", { name: pending }).getByRole("link", { name: pending }).click();
  await page.locator("#report-lines").waitFor();
  await page.locator("#approve-report").click();
  // Approval freezes the report, so the page asks first and says so.
  await page.locator("#confirm-approval", { hasText: "can no longer change" }).waitFor();
  await page.locator("#confirm-approve").click();
  await page.locator("#report-status", { hasText: "approved" }).waitFor();
  await page.locator("#frozen-note").waitFor();
  assert.equal(await page.locator("#submit-report, #approve-report, #return-report").count(), 0);
  const claims = page.locator("#claims-table tbody tr");
  assert.ok((await claims.count()) > 0, "approval created claims");
  await claims.first().locator("input[name=payment_reference]").fill("MAND-2026-0101");
  await claims.first().getByRole("button", { name: "Record payment" }).click();
  await page.locator("#claims-table", { hasText: "MAND-2026-0101" }).waitFor();
  await screenshot(page, "provider-report-approved");

  await page.getByRole("link", { name: "ALI — Agenzia per il Lavoro Innovativo" }).first().click();
  await page.getByRole("link", { name: "Budget" }).click();
  await page.locator("#budget-chart svg").waitFor();
  await page.locator("#budget-streams", { hasText: "Poverty Fund" }).waitFor();
  await screenshot(page, "programme-budget");
});
