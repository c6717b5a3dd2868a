// "Le mie attività" and notifications: the demo programme manager opens the
// task list from the dashboard, approves the provider report waiting for
// review after the confirmation that says the report will be frozen, and the
// task leaves the list; a household handed over to them shows in the
// header's unread counter until they mark their notifications read.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, startBrowser, logIn, screenshot, PASSWORD } from "./harness.mjs";

const MANAGER = "programme.manager@demo.filiera.eu";
const SOCIAL_WORKER = "social.worker@demo.filiera.eu";

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

async function api(path, token, body) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(response.ok, `${path}: ${response.status} ${await response.clone().text()}`);
  return response.status === 204 ? null : response.json();
}

async function token(email) {
  return (await api("/auth/login", null, { email, password: PASSWORD })).token;
}

test("the programme manager approves a report from their tasks and reads their notifications", async () => {
  // A colleague hands a household over to the manager: one unread notification.
  const social = await token(SOCIAL_WORKER);
  const manager = await api("/me", await token(MANAGER));
  const households = await api("/households?per_page=1", social);
  const household = households.items[0].id;
  await api(`/households/${household}/handover`, social, {
    user_id: manager.id,
    handover_note: "Tirocinio in corso; il tutor chiede un incontro venerdì",
  });

  const context = await browser.newContext({ locale: "it-IT", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await logIn(page, server.url, MANAGER);
  await page.locator("#unread-count", { hasText: "1" }).waitFor();

  await page.getByRole("link", { name: "Le mie attività" }).click();
  await page.locator("h1", { hasText: "Le mie attività" }).waitFor();
  const approval = page.locator("tr[data-kind=report_to_approve] a").first();
  const link = await approval.getAttribute("href");
  assert.match(link, /^\/provider-reports\/\d+$/);
  assert.match(await approval.innerText(), /Approva o restituisci il rendiconto/);
  await screenshot(page, "tasks-list");
  await approval.click();
  await page.locator("#report-lines").waitFor();

  await page.locator("#approve-report").click();
  const confirmation = page.locator("#confirm-approval");
  await confirmation.waitFor();
  assert.match(await confirmation.innerText(), /non potrà più cambiare/);
  // Nothing changed yet: the report is still submitted.
  assert.equal(await page.locator("#frozen-note").count(), 0);
  await screenshot(page, "report-approval-confirmation");
  await page.locator("#confirm-approve").click();
  await page.locator("#frozen-note").waitFor();

  await page.goto(`${server.url}/`);
  await page.locator("#tasks-link").click();
  await page.locator("h1", { hasText: "Le mie attività" }).waitFor();
  assert.equal(await page.locator(`a[href="${link}"]`).count(), 0, "the approved report left the list");
  assert.ok(await page.locator(`a[href="/households/${household}#handover"]`).count() > 0, "the handover is a task");

  await page.locator("#notifications-link").click();
  await page.locator("#notifications-list li.unread").first().waitFor();
  await page.locator("#mark-all-read").click();
  await page.locator("#notifications-list li.unread").first().waitFor({ state: "detached" });
  assert.equal(await page.locator("#unread-count").count(), 0, "the counter is gone once read");
  await context.close();
});
