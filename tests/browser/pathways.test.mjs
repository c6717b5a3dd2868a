// A social worker and a case manager take a household from referral to
// closure in the browser, as new users would.
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

async function newPage() {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

test("a household goes from referral to closure", async () => {
  const social = await newPage();
  await logIn(social, server.url, "social.worker@demo.filiera.eu");
  await social.getByRole("link", { name: "Households" }).first().click();
  await social.getByRole("link", { name: "Refer a household" }).click();
  await social.locator("#first_name").fill("Amal");
  await social.locator("#last_name").fill("Nasser");
  await social.locator("#birth_date").fill("1988-05-17");
  await social.locator("#country_of_birth").fill("SY");
  await social.locator("#interests").fill("catering, tailoring");
  await social.getByRole("button", { name: "Refer the household" }).click();
  await social.getByRole("heading", { name: /^Household H-/ }).waitFor();
  const householdUrl = social.url();

  await social.locator("#participant_id").selectOption({ label: "Amal Nasser" });
  await social.locator("#round_id").selectOption({ index: 2 });
  await social.getByRole("button", { name: "Refer", exact: true }).click();
  await social.locator(".badge.state-referred").waitFor();

  // The first interview is recorded with its details, which moves the path.
  await social.getByRole("link", { name: "Record the first interview" }).click();
  await social.locator("#attendees").fill("Sara (social worker), Dr. Neri (psychotherapist), Amal Nasser");
  await social.locator("#notes").fill("Wants to work in a kitchen.");
  await social.getByRole("button", { name: "Save the interview" }).click();
  await social.locator("#interview-saved").waitFor();
  await social.goto(householdUrl);
  await social.locator(".badge.state-first_interview").waitFor();
  await social.getByRole("link", { name: "Fill in a new form" }).click();
  for (const select of await social.locator("select[name^='score_']").all()) {
    await select.selectOption("2");
  }
  await social.getByLabel("Language barrier").check();
  await social.locator("#health_notes").fill("Asthma; carries an inhaler.");
  await social.getByRole("button", { name: "Sign and save the form" }).click();
  await social.waitForURL(/\/households\/\d+/);
  await social.getByRole("link", { name: "Open (recorded in the audit log)" }).waitFor();

  await social.getByRole("link", { name: "Record the second interview" }).click();
  await social.locator("#attendees").fill("Carla Marini (case manager), Amal Nasser");
  await social.getByRole("button", { name: "Save the interview" }).click();
  await social.locator("#interview-saved").waitFor();
  await social.goto(householdUrl);
  await social.locator(".badge.state-second_interview").waitFor();
  await social.locator("#p-round").selectOption({ index: 2 });
  await social.locator("#p-coop").selectOption({ label: "Cooperativa Sociale Il Girasole" });
  await social.locator("#p-cm").selectOption({ label: "Carla Marini" });
  await social.getByRole("button", { name: "Start the project" }).click();
  await social.getByRole("heading", { name: /^Project of household/ }).waitFor();
  const projectUrl = social.url();
  await screenshot(social, "pathway-project-started");

  const caseManager = await newPage();
  await logIn(caseManager, server.url, "case.manager@demo.filiera.eu");
  await caseManager.goto(householdUrl);
  assert.equal(await caseManager.getByText("Restricted").count(), 1, "health notes are not for case managers");
  await caseManager.goto(projectUrl);
  await caseManager.locator("#obj-text").fill("Work in a kitchen");
  await caseManager.getByRole("button", { name: "Add objective" }).click();
  await caseManager.getByRole("cell", { name: "Work in a kitchen" }).waitFor();

  const internship = await caseManager.locator("#iv-service option", { hasText: "Internship" }).first().getAttribute("value");
  await caseManager.locator("#iv-service").selectOption(internship);
  await caseManager.locator("#iv-start").fill("2022-02-01");
  await caseManager.locator("#iv-end").fill("2022-05-31");
  await caseManager.locator("#iv-hours").fill("120");
  await caseManager.getByRole("button", { name: "Plan the intervention" }).click();
  await caseManager.locator("#interventions tbody tr").first().waitFor();
  await caseManager.locator("#interventions").getByRole("button", { name: "active", exact: true }).click();
  await caseManager.locator("#interventions .badge", { hasText: "active" }).waitFor();

  await caseManager.locator("#act-kind").selectOption("internship_day");
  await caseManager.locator("#act-minutes").fill("360");
  await caseManager.locator("#act-text").fill("First day at the host firm");
  await caseManager.getByRole("button", { name: "Record" }).click();
  await caseManager.getByRole("cell", { name: "First day at the host firm" }).waitFor();

  await caseManager.locator("#objectives_achieved").fill("Internship completed, hired as kitchen assistant.");
  await caseManager.locator("#skills_acquired").fill("Food hygiene, teamwork.");
  await caseManager.locator("#critical_issues").fill("Childcare in the evenings.");
  await caseManager.locator("#resources_activated").fill("Internship, home educational service.");
  await caseManager.locator("#outcome").selectOption("hired_by_host_firm");
  caseManager.once("dialog", async (dialog) => {
    assert.match(dialog.message(), /closure is final/, "closing asks first, saying what will happen");
    await dialog.accept();
  });
  await caseManager.getByRole("button", { name: "Close the project" }).click();
  await caseManager.getByText("Hired by the host firm").waitFor();
  await screenshot(caseManager, "pathway-project-closed");

  await social.goto(householdUrl);
  await social.locator(".badge.state-closed").waitFor();
  await social.getByRole("link", { name: "Open (recorded in the audit log)" }).click();
  await social.getByText("Asthma; carries an inhaler.").waitFor();
  await social.context().close();
  await caseManager.context().close();
});

test("a possible duplicate is flagged before a second household is created", async () => {
  const page = await newPage();
  await logIn(page, server.url, "social.worker@demo.filiera.eu");
  await page.goto(`${server.url}/households/new`);
  await page.locator("#first_name").fill("Maria");
  await page.locator("#last_name").fill("Rossi");
  await page.locator("#birth_date").fill("1984-02-29");
  await page.getByRole("button", { name: "Refer the household" }).click();
  await page.locator("#form-errors").waitFor();
  assert.match(await page.locator("#form-errors").innerText(), /possible duplicate/);
  assert.equal(await page.locator("#first_name").inputValue(), "Maria");
  await page.context().close();
});

test("the manager's dashboard lists overdue requests and date conflicts", async () => {
  const page = await newPage();
  await logIn(page, server.url, "programme.manager@demo.filiera.eu");
  const alerts = page.locator("#alerts");
  await alerts.waitFor();
  assert.match(await alerts.innerText(), /school canteen/);
  assert.match(await alerts.innerText(), /Internship/);
  await screenshot(page, "dashboard-programme-manager");
  await page.context().close();
});

test("a programme manager reviews the round's matching, drops a row and accepts", async () => {
  const page = await newPage();
  await logIn(page, server.url, "programme.manager@demo.filiera.eu");
  await page.getByRole("link", { name: "Matching" }).click();
  await page.getByRole("link", { name: /Round 2/ }).click();
  const rows = page.locator("tbody tr");
  await rows.first().waitFor();
  const proposed = await rows.count();
  assert.ok(proposed >= 2, `proposed ${proposed}`);
  await screenshot(page, "matching-proposal");
  await rows.first().locator("input[type=checkbox]").uncheck();
  page.once("dialog", async (dialog) => {
    assert.match(dialog.message(), /planned intervention/);
    await dialog.accept();
  });
  await page.getByRole("button", { name: "Accept the kept rows" }).click();
  await page.locator("#accepted").waitFor();
  assert.match(await page.locator("#accepted").innerText(), new RegExp(`${proposed - 1} interventions planned`));
  await page.context().close();
});

test("a programme manager changes the weights of the cost and sees a mistake explained", async () => {
  const page = await newPage();
  await logIn(page, server.url, "programme.manager@demo.filiera.eu");
  await page.getByRole("link", { name: "Matching" }).click();
  await page.getByRole("link", { name: /Round 2/ }).click();
  await page.getByText("Weights of the cost").click();
  const interest = page.getByLabel(/^Interest fit/);
  await interest.fill("2000000");
  await page.getByRole("button", { name: "Save the weights" }).click();
  await page.locator("#form-errors").waitFor();
  assert.match(await page.locator("#weight-interest_fit-error").innerText(), /2,000,000 is outside 0 to 1,000,000/);
  assert.equal(await page.getByLabel(/^Interest fit/).inputValue(), "2000000", "the typed value is kept");
  await page.getByLabel(/^Interest fit/).fill("450");
  await page.getByRole("button", { name: "Save the weights" }).click();
  await page.locator("#weights-saved").waitFor();
  assert.equal(await page.getByLabel(/^Interest fit/).inputValue(), "450");
  await screenshot(page, "matching-weights");
  await page.getByRole("button", { name: "Back to the defaults" }).click();
  await page.locator("#weights-saved").waitFor();
  assert.equal(await page.getByLabel(/^Interest fit/).inputValue(), "300");
  await page.context().close();
});
