// A programme manager sets up a programme in the browser without writing
// JSON: the programme, a round, a funding stream whose rule is built from
// conditions, a service with places; then checks a person's eligibility,
// finds the service in the catalogue and reads the statistics charts.
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

async function newPage(locale = "en-GB") {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

test("a programme manager sets up a programme and checks who is eligible", async () => {
  const page = await newPage();
  await logIn(page, server.url, "programme.manager@demo.filiera.eu");
  await page.getByRole("navigation").getByRole("link", { name: "Programmes" }).click();
  await page.getByRole("link", { name: "New programme" }).click();

  // A budget that is not an amount comes back with the error next to it and the typed values kept.
  await page.locator("#name").fill("Inclusione Attiva 2027");
  await page.locator("#total_budget").fill("lots");
  await page.getByLabel("Cooperativa Sociale Il Girasole").check();
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#total_budget-error").waitFor();
  assert.equal(await page.locator("#name").inputValue(), "Inclusione Attiva 2027");
  assert.ok(await page.getByLabel("Cooperativa Sociale Il Girasole").isChecked());
  await screenshot(page, "programme-form-errors");
  await page.locator("#total_budget").fill("250.000,00");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("heading", { name: "Inclusione Attiva 2027" }).waitFor();
  await page.getByText("€250,000.00").waitFor();

  await page.getByRole("link", { name: "Add a round" }).click();
  await page.locator("#start_date").fill("2027-01-01");
  await page.locator("#end_date").fill("2027-12-31");
  await page.getByRole("button", { name: "Add the round" }).click();
  await page.getByText("Round 1: 2027-01-01 – 2027-12-31").waitFor();

  await page.getByRole("link", { name: "Add a funding stream" }).click();
  await page.locator("#name").fill("minimum income recipients");
  await page.locator("#budget").fill("120000");
  await page.locator("#attribute-0").selectOption("minimum_income");
  await page.locator("#operator-0").selectOption("is");
  await page.locator("#value-0").fill("yes");
  await page.locator("#attribute-1").selectOption("age");
  await page.locator("#operator-1").selectOption("between");
  await page.locator("#value-1").fill("64-18");
  await page.getByRole("button", { name: "Add the funding stream" }).click();
  // An impossible age range is blamed on its row.
  await page.locator("#condition-2-error").waitFor();
  assert.equal(await page.locator("#value-0").inputValue(), "yes");
  await page.locator("#value-1").fill("18-64");
  await page.getByRole("button", { name: "Add a condition" }).click();
  assert.equal(await page.locator("li.rule-row").count(), 5);
  await screenshot(page, "programme-rule-builder");
  await page.getByRole("button", { name: "Add the funding stream" }).click();
  await page.getByRole("cell", { name: "receives minimum income and age between 18 and 64" }).waitFor();

  await page.getByRole("link", { name: "Add a service" }).click();
  await page.locator("#kind").selectOption("training_course");
  await page.locator("#name").fill("Forklift licence");
  await page.locator("#organisation_id").selectOption({ label: "Cooperativa Sociale Il Girasole" });
  await page.locator("#unit_cost").fill("250");
  await page.locator("#hours").fill("12");
  await page.locator("#capacity_1").fill("10");
  await page.locator("#interest_tags").fill("logistics, warehouse");
  assert.ok(await page.locator("#internship").isHidden(), "internship fields only for internships");
  await page.getByLabel("Education, training and skills").check();
  await screenshot(page, "programme-service-form");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("cell", { name: "Forklift licence (forklift_licence)" }).waitFor();
  await page.getByRole("cell", { name: "1: 10" }).waitFor();
  await screenshot(page, "programme-page");

  await page.getByRole("link", { name: "Check eligibility" }).click();
  await page.locator("#q").fill("Rossi");
  const rossi = page.getByRole("link", { name: "Maria Rossi" });
  await rossi.waitFor();
  // Leaving the search box fires one more live search: let it land first.
  await page.locator("#q").blur();
  await page.waitForLoadState("networkidle");
  await Promise.all([page.waitForURL(/member=/), rossi.click()]);
  const card = page.locator(".verdict-card", { hasText: "minimum income recipients" });
  await card.waitFor();
  assert.equal(await card.locator(".badge").innerText(), "Eligible");
  await card.getByText("receives minimum income — on record: yes").waitFor();
  await screenshot(page, "programme-eligibility");

  await page.getByRole("navigation").getByRole("link", { name: "Catalogue" }).click();
  await page.locator("#q").fill("forklift");
  await page.locator("#results", { hasText: "Forklift licence" }).waitFor();
  await page.waitForFunction(() => !document.querySelector("#results").innerText.includes("Italian for foreigners"));
  await page.getByRole("link", { name: /Download the catalogue of Inclusione Attiva 2027/ }).waitFor();
  await screenshot(page, "programme-catalogue");
});

test("the statistics page draws its charts", async () => {
  const page = await newPage();
  await logIn(page, server.url, "programme.manager@demo.filiera.eu");
  await page.getByRole("navigation").getByRole("link", { name: "Programmes" }).click();
  await page.getByRole("link", { name: /^ALI/ }).click();
  await page.getByRole("link", { name: "Participant statistics" }).click();
  await page.locator("svg.bar-chart").first().waitFor();
  assert.ok(await page.locator("svg.bar-chart").count() >= 6, "one chart per table");
  assert.ok(await page.locator("svg.bar-chart rect.bar").count() > 0, "bars are drawn");
  await screenshot(page, "programme-statistics");
});

test("the rule builder reads in Italian", async () => {
  const page = await newPage();
  await logIn(page, server.url, "programme.manager@demo.filiera.eu");
  await page.locator("#lang").selectOption("it");
  await page.waitForLoadState("load");
  await page.getByRole("navigation").getByRole("link", { name: "Progetti" }).click();
  await page.getByRole("link", { name: /^ALI/ }).click();
  await page.getByRole("cell", { name: /riceve il reddito minimo/ }).first().waitFor();
  await page.getByRole("link", { name: "Aggiungi un fondo" }).click();
  await page.getByText("Devono valere tutte queste condizioni").waitFor();
  await screenshot(page, "programme-rule-builder-it");
});
