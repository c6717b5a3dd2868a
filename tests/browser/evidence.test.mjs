// A programme manager opens the evidence of the ALI programme: the ESF+
// indicators, the outcome report with its statement that selection was not
// random and its chart; adds an eligible person who was not selected to the
// comparison group (a mistake first, which comes back next to its field) and
// records that person's follow-up at 6 months; and draws one from the
// selection shortlist.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, startBrowser, logIn, screenshot } from "./harness.mjs";

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

test("a programme manager reads the evidence and keeps the comparison group", async () => {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await logIn(page, server.url, "programme.manager@demo.filiera.eu");
  await page.getByRole("navigation").getByRole("link", { name: "Programmes" }).click();
  await page.getByRole("link", { name: "ALI — Agenzia per il Lavoro Innovativo" }).click();
  await page.getByRole("link", { name: "Evidence" }).click();
  await page.getByRole("heading", { name: /^Evidence — ALI/ }).waitFor();

  // The indicators in words, with their Annex I reference.
  const indicators = page.locator("#indicators");
  await indicators.getByRole("rowheader", { name: "Participants", exact: true }).waitFor();
  await indicators.getByRole("rowheader", { name: "Homeless or affected by housing exclusion" }).waitFor();
  assert.ok((await indicators.textContent()).includes("Annex I, 1.1"));
  // The statement is on the page, plainly, before the figures are read.
  assert.match(await page.locator("#not-randomised").textContent(), /selection was not random/);
  assert.equal(await page.locator("#outcomes tbody tr").count(), 2);
  await page.locator("figure svg").first().waitFor();

  // A year of birth that is not a number, and no date: both blamed, what was typed kept.
  const form = page.locator("#add-member");
  await form.getByLabel("Code").fill("CG-2022-050");
  await form.getByLabel("Year of birth").fill("19x0");
  await form.getByRole("button", { name: "Add to the comparison group" }).click();
  await page.locator("#cg-birth_year-error").waitFor();
  await page.locator("#cg-reference_date-error").waitFor();
  assert.equal(await page.locator("#cg-reference").inputValue(), "CG-2022-050");
  await screenshot(page, "evidence-comparison-form-errors");
  await page.locator("#cg-birth_year").fill("1990");
  await page.locator("#cg-reference_date").fill("2022-06-30");
  await page.locator("#cg-gender").selectOption("F");
  await page.locator("#cg-employment_status").selectOption("unemployed");
  await page.locator("#add-member").getByRole("button", { name: "Add to the comparison group" }).click();
  const row = page.locator("#comparison-members tr", { hasText: "CG-2022-050" });
  await row.waitFor();

  // Its follow-up at 6 months.
  const followUp = page.locator("#record-follow-up");
  await followUp.locator("#fu-member_id").selectOption({ label: "CG-2022-050" });
  await followUp.locator("#fu-months").selectOption("6");
  await followUp.locator("#fu-recorded_on").fill("2023-01-10");
  await followUp.locator("#fu-employment_status").selectOption("employed");
  await followUp.getByRole("button", { name: "Record the follow-up" }).click();
  await page.locator("#comparison-members tr", { hasText: "CG-2022-050" }).getByRole("cell", { name: "Employed", exact: true }).waitFor();
  // 13 people followed up at 6 months now, 4 of them in work.
  assert.match(await page.locator("#outcomes tbody tr").first().textContent(), /\(4\/13\)/);
  await screenshot(page, "evidence");
  await context.close();
});

test("a programme manager adds a shortlisted person who was not selected to the comparison group", async () => {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await logIn(page, server.url, "programme.manager@demo.filiera.eu");
  await page.getByRole("navigation").getByRole("link", { name: "Programmes" }).click();
  await page.getByRole("link", { name: "ALI — Agenzia per il Lavoro Innovativo" }).click();
  await page.getByRole("link", { name: "Evidence" }).click();
  const shortlist = page.locator("#shortlist-table");
  const firstCode = (await shortlist.locator("tbody th").first().textContent()).trim();
  assert.match(firstCode, /^SL-\d{6}$/);
  const before = await shortlist.locator("tbody tr").count();
  await shortlist.locator("tbody tr").first().getByRole("button").click();
  await page.locator("#comparison-members tr", { hasText: firstCode }).waitFor();
  assert.equal(await page.locator("#shortlist-table tbody tr", { hasText: firstCode }).count(), 0);
  assert.equal(await page.locator("#shortlist-table tbody tr").count(), before - 1);
  await screenshot(page, "evidence-shortlist");
  await context.close();
});
