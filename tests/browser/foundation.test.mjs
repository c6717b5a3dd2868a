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

async function newPage(locale = "it-IT") {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

test("the login page renders with labelled fields and no outside resources", async () => {
  const page = await newPage();
  const outside = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(server.url)) outside.push(request.url());
  });
  await page.goto(`${server.url}/login`);
  assert.equal(await page.title(), "Accedi · filiera");
  await assert.doesNotReject(page.getByLabel("E-mail").waitFor());
  await assert.doesNotReject(page.getByLabel("Password").waitFor());
  assert.deepEqual(outside, []);
  await screenshot(page, "login");
  await page.context().close();
});

test("a social worker logs in and sees their dashboard without the audit log", async () => {
  const page = await newPage();
  await logIn(page, server.url, "social.worker@demo.filiera.eu");
  await page.getByRole("heading", { name: "Cruscotto" }).waitFor();
  assert.match(await page.locator("main").innerText(), /Sara Conti/);
  const nav = page.getByRole("navigation", { name: "Navigazione principale" });
  assert.equal(await nav.getByRole("link", { name: "Organizzazioni" }).count(), 1);
  assert.equal(await nav.getByRole("link", { name: "Registro degli accessi" }).count(), 0);
  await screenshot(page, "dashboard-social-worker");
  await page.context().close();
});

test("each demo role logs in and sees only the navigation its role allows", async () => {
  const expectations = {
    "admin@demo.filiera.eu": true,
    "programme.manager@demo.filiera.eu": false,
    "social.worker@demo.filiera.eu": false,
    "case.manager@demo.filiera.eu": false,
    "operator@demo.filiera.eu": false,
    "consortium.manager@demo.filiera.eu": false,
    "production.supervisor@demo.filiera.eu": false,
    "auditor@demo.filiera.eu": true,
  };
  for (const [email, seesAudit] of Object.entries(expectations)) {
    const page = await newPage("en-GB");
    await logIn(page, server.url, email);
    const auditLinks = await page.getByRole("link", { name: "Audit log" }).count();
    assert.equal(auditLinks > 0, seesAudit, email);
    const response = await page.goto(`${server.url}/audit`);
    assert.equal(response.status(), seesAudit ? 200 : 403, email);
    await page.context().close();
  }
});

test("an admin registers a cooperative, fixing a mistake the form points out", async () => {
  const page = await newPage("en-GB");
  await logIn(page, server.url, "admin@demo.filiera.eu");
  await page.goto(`${server.url}/organisations/new`);
  await page.getByLabel("Name *").fill("Cooperativa Sociale Il Ponte");
  await page.getByLabel("Kind *").selectOption("cooperative");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#form-errors").waitFor();
  assert.equal(await page.getByLabel("Name *").inputValue(), "Cooperativa Sociale Il Ponte");
  await screenshot(page, "organisation-form-errors");
  await page.getByLabel("Cooperative type").selectOption("B");
  await page.getByLabel("Sectors").fill("gardening, cleaning");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("heading", { name: "Cooperativa Sociale Il Ponte" }).waitFor();
  assert.match(await page.locator("dl.details").innerText(), /gardening, cleaning/);
  await screenshot(page, "organisation-detail");
  await page.context().close();
});

test("the registry filters as the user types", async () => {
  const page = await newPage("en-GB");
  await logIn(page, server.url, "case.manager@demo.filiera.eu");
  await page.goto(`${server.url}/organisations`);
  await page.getByRole("searchbox").fill("lavanderia");
  await page.waitForFunction(() => document.querySelectorAll("#results tbody tr").length === 1);
  assert.match(await page.locator("#results tbody").innerText(), /Lavanderia Solidale/);
  assert.match(page.url(), /q=lavanderia/);
  await screenshot(page, "organisations-search");
  await page.context().close();
});

test("the language switch turns the interface to English and back", async () => {
  const page = await newPage("it-IT");
  await logIn(page, server.url, "production.supervisor@demo.filiera.eu");
  await page.locator("#lang").selectOption("en");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.getByLabel("Language").selectOption("it");
  await page.getByRole("heading", { name: "Cruscotto" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "it");
  await page.context().close();
});

test("logging out returns to the login page and the dashboard is closed again", async () => {
  const page = await newPage("en-GB");
  await logIn(page, server.url, "auditor@demo.filiera.eu");
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(`${server.url}/login`);
  await page.goto(`${server.url}/`);
  assert.match(page.url(), /\/login\?next=%2F$/);
  await page.context().close();
});
