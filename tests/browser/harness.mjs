// Starts a real filiera server (the debug binary) over a fresh SQLite database
// with the demo data, and a headless Chromium to drive it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const repo = resolve(import.meta.dirname, "../..");
const targetDir = process.env.CARGO_TARGET_DIR ?? join(repo, "target");
export const binary = process.env.FILIERA_BIN ?? join(targetDir, "debug", "filiera");
export const screenshots = join(repo, "target-screenshots");
export const PASSWORD = "filiera-demo";

export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), "filiera-browser-"));
  const child = spawn(binary, ["serve", "--demo", "--addr", "127.0.0.1:0", "--data-dir", dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FILIERA_DATABASE_URL: "" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 30000);
    child.stdout.on("data", (chunk) => {
      const match = /serving on (http:\/\/[0-9.:]+)/.exec(String(chunk));
      if (match) { clearTimeout(timer); resolveUrl(match[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${stderr}`)); });
  });
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export async function logIn(page, url, email) {
  await page.goto(`${url}/login`);
  await page.getByLabel(/E-mail/).fill(email);
  await page.getByLabel(/Password/).fill(PASSWORD);
  await page.getByRole("button", { name: /Accedi|Log in/ }).click();
  await page.waitForURL(`${url}/`);
}

export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/**
 * The year that the demo story's year `written` falls in, for a demo loaded today:
 * the same rule as `DemoCalendar` in crates/fixtures (the story is told as of
 * 1 September 2023 and moves by whole years to the latest such day not after today in Rome).
 */
export function storyYear(written) {
  const [year, month] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome" })
    .format(new Date())
    .split("-")
    .map(Number);
  return written + year - 2023 - (month < 9 ? 1 : 0);
}
