// The demo social worker attaches a small signed PDF to a household member,
// sees it listed, downloads it, is told next to the field why a text file
// named .pdf is refused, and removes a document after reading what happens.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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

const signedPdf = Buffer.from("%PDF-1.4\n% consent signed by the participant\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

test("a social worker attaches a signed PDF to a household member and downloads it", async () => {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await logIn(page, server.url, "social.worker@demo.filiera.eu");
  await page.goto(`${server.url}/households`);
  const household = await page.locator("a[href^='/households/']").evaluateAll(
    (links) => links.map((a) => a.getAttribute("href")).find((href) => /^\/households\/\d+$/.test(href)),
  );
  assert.ok(household, "the case list links to a household");
  await page.goto(`${server.url}${household}`);

  const section = page.locator("section.documents").first();
  await section.getByRole("heading", { name: "Documents" }).waitFor();
  await section.getByLabel("File").setInputFiles({ name: "consent-signed.pdf", mimeType: "application/pdf", buffer: signedPdf });
  await section.getByLabel("Kind of document").selectOption({ label: "Signed form" });
  await section.getByLabel("Note (optional)").fill("Signed at the first interview");
  await section.getByRole("button", { name: "Attach document" }).click();
  await page.waitForURL(/\/households\/\d+#documents-participant-\d+/);

  const listed = page.locator("section.documents").first();
  const link = listed.getByRole("link", { name: "consent-signed.pdf" });
  await link.waitFor();
  await listed.getByRole("cell", { name: "Signed form" }).waitFor();
  await listed.getByText("Sara Conti").waitFor();
  await screenshot(page, "documents-attached");

  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.equal(download.suggestedFilename(), "consent-signed.pdf");
  const saved = await download.path();
  assert.deepEqual(readFileSync(saved), signedPdf, "the file downloaded is the file attached");

  // A text file named .pdf: refused, with the reason next to the file field.
  const again = page.locator("section.documents").first();
  await again.getByLabel("File").setInputFiles({ name: "fake.pdf", mimeType: "application/pdf", buffer: Buffer.from("just text") });
  await again.getByLabel("Note (optional)").fill("should stay typed");
  await again.getByRole("button", { name: "Attach document" }).click();
  const error = page.locator(".field-error");
  await error.waitFor();
  assert.match(await error.innerText(), /not a PDF, PNG or JPEG/);
  assert.equal(await page.getByLabel("Note (optional)").inputValue(), "should stay typed");

  // Removing says what will happen before it happens.
  await page.getByRole("link", { name: /Back to the record/ }).click();
  const docs = page.locator("section.documents").first();
  await docs.locator("summary", { hasText: "Remove" }).first().click();
  await docs.getByText(/will no longer be listed or downloadable here/).waitFor();
  await docs.getByText(/recorded in the audit log/).first().waitFor();
  await docs.getByRole("button", { name: "Yes, remove the document" }).click();
  await page.waitForURL(/#documents-participant-\d+/);
  assert.equal(await page.getByRole("link", { name: "consent-signed.pdf" }).count(), 0);
  await context.close();
});
