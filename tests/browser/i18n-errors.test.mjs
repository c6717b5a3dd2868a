// A case manager working in Italian (the default) plans an intervention with
// the end before the start: the form comes back with what they typed, the
// Italian message beside the end date, and the field marked invalid.
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

test("a refused intervention keeps its values and says why in Italian beside the field", async () => {
  const context = await browser.newContext({ locale: "it-IT", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await logIn(page, server.url, "case.manager@demo.filiera.eu");
  await page.goto(`${server.url}/households?search=kaur`);
  await page.locator("a[href^='/households/']", { hasText: /^H-/ }).first().click();
  await page.locator("a[href^='/projects/']").first().click();
  await page.locator("#iv-start").waitFor();

  const service = await page.locator("#iv-service option").last().getAttribute("value");
  await page.locator("#iv-service").selectOption(service);
  await page.locator("#iv-start").fill("2026-06-10");
  await page.locator("#iv-end").fill("2026-06-01");
  await page.locator("#iv-hours").fill("40");
  await page.locator("#iv-justification").fill("Richiesta della persona");
  await page.locator("form[action$='/interventions'] button[type=submit]").click();

  const end = page.locator("#iv-end");
  await end.waitFor();
  assert.equal(await end.getAttribute("aria-invalid"), "true");
  assert.equal(await end.getAttribute("aria-describedby"), "iv-end-error");
  const message = page.locator("#iv-end-error");
  assert.equal(await message.getAttribute("class"), "field-error");
  assert.equal((await message.textContent()).trim(), "la fine prevista è precedente all'inizio previsto");
  // What was typed is still there.
  assert.equal(await page.locator("#iv-start").inputValue(), "2026-06-10");
  assert.equal(await end.inputValue(), "2026-06-01");
  assert.equal(await page.locator("#iv-hours").inputValue(), "40");
  assert.equal(await page.locator("#iv-justification").inputValue(), "Richiesta della persona");
  assert.equal(await page.locator("#iv-service").inputValue(), service);
  // The summary at the top names the field in Italian.
  const summary = await page.locator("#form-errors").textContent();
  assert.match(summary, /Fine prevista: la fine prevista è precedente/);
  await screenshot(page, "i18n-errors-intervention");
  await context.close();
});
