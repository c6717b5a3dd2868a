// The demo social worker records two interviews on a household and reads
// them in its timeline, newest first; a wrong date keeps what was typed and
// says what is wrong next to the field; the kind filter stays in the URL.
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

/** A day `days` before today on Rome's calendar (the server's), as the date input wants it. */
function daysAgo(days) {
  const day = new Date(Date.now() - days * 86_400_000);
  return day.toLocaleDateString("sv-SE", { timeZone: "Europe/Rome" });
}

async function openHousehold(page, surname) {
  await page.goto(`${server.url}/households?search=${surname}`);
  await page.locator("#results tbody a").first().click();
  await page.getByRole("heading", { name: /^Household H-/ }).waitFor();
}

test("a social worker records two interviews and reads them newest first", async () => {
  const page = await newPage();
  await logIn(page, server.url, "social.worker@demo.filiera.eu");
  await openHousehold(page, "Kaur");
  await page.getByRole("link", { name: "Timeline" }).click();
  await page.getByRole("heading", { name: /^Timeline of household H-/ }).waitFor();

  // A date in the future is refused next to its field; what was typed stays.
  await page.getByText("Record an interview").click();
  await page.locator("#held_on").fill("2999-01-01");
  await page.locator("#attendees").fill("Sara Bianchi, Harpreet Kaur");
  await page.locator("#notes").fill("Talked about the laundry.");
  await page.getByRole("button", { name: "Save the interview" }).click();
  await page.locator("#held_on-error").waitFor();
  assert.equal(await page.locator("#held_on").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#attendees").inputValue(), "Sara Bianchi, Harpreet Kaur");
  assert.equal(await page.locator("#notes").inputValue(), "Talked about the laundry.");
  await screenshot(page, "timeline-interview-error");

  // The older interview first (held yesterday), then the newer one (held today).
  await page.locator("#held_on").fill(daysAgo(1));
  await page.getByRole("button", { name: "Save the interview" }).click();
  await page.locator("#interview-saved").waitFor();
  await page.getByText("Record an interview").click();
  await page.locator("#held_on").fill(daysAgo(0));
  await page.locator("#attendees").fill("Carla Marini (case manager), Harpreet Kaur");
  await page.locator("#notes").fill("Agreed the start of the internship.");
  await page.getByRole("button", { name: "Save the interview" }).click();
  await page.locator("#interview-saved").waitFor();

  await page.locator("#kind").selectOption("interview");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/kind=interview/);
  const entries = page.locator("li.timeline-entry");
  const texts = await entries.allInnerTexts();
  assert.ok(texts.every((text) => text.includes("Interview")), "only interviews");
  const newer = texts.findIndex((text) => text.includes("Agreed the start of the internship."));
  const older = texts.findIndex((text) => text.includes("Talked about the laundry."));
  assert.equal(newer, 0, "the newest interview comes first");
  assert.ok(older > newer, `the older interview follows: ${texts.join(" | ")}`);
  assert.match(await entries.nth(0).locator(".author").innerText(), /Sara Conti/);
  // The day is written in the reader's language ("3 Dec 2026"), the ISO date in the markup.
  assert.equal(await entries.nth(older).locator("time").getAttribute("datetime"), daysAgo(1));
  assert.match(await entries.nth(0).locator("time").innerText(), /^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  await screenshot(page, "timeline-interviews");

  // The whole timeline has more than interviews, still newest first.
  await page.locator("#kind").selectOption("");
  await page.getByRole("button", { name: "Filter" }).click();
  const days = await page.locator("li.timeline-entry time").evaluateAll((times) => times.map((t) => t.getAttribute("datetime")));
  assert.ok(days.length > 2);
  assert.deepEqual(days, [...days].sort().reverse(), "newest day first");
  await page.context().close();
});
