// Starts the real Alongside binary through tauri-driver with a fresh data
// folder, and the helpers every end-to-end test shares.

import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Session } from "./webdriver.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const driver = process.env.ALONGSIDE_DRIVER_URL ?? "http://127.0.0.1:4444";
// A second driver whose desktop prefers a dark theme and reduced motion.
export const darkDriver = process.env.ALONGSIDE_DARK_DRIVER_URL;
// The other two run WebKit's DMA-BUF renderer (WebKitWebDriver's screenshots
// can hang after a window resize without it); this one leaves the app to its
// members' setting, the renderer off (src-tauri/main.rs).
export const membersDriver = process.env.ALONGSIDE_MEMBERS_DRIVER_URL;
const application = process.env.ALONGSIDE_APP;
export const screensDir = process.env.ALONGSIDE_E2E_SCREENS ?? join(root, "target/e2e/screens");

export const SCREENS = ["today", "journal", "practice", "safety", "sessions", "settings"];

export function freshDataDir() {
  return mkdtempSync(join(tmpdir(), "alongside-e2e-"));
}

/// Launches the app on `dataDir` and waits until the shell says it is ready.
export async function launch(dataDir = freshDataDir(), { via = driver } = {}) {
  if (!application) throw new Error("ALONGSIDE_APP must point at the app binary (scripts/e2e sets it)");
  if (!via) throw new Error("no WebDriver URL for this launch (scripts/e2e sets them)");
  const session = await Session.start(via, application, [`--data-dir=${dataDir}`]);
  session.dataDir = dataDir;
  await session.setTimeouts(30000);
  await session.waitFor("html[data-shell-ready='true'] [data-testid='help-button']", 20000);
  return session;
}

/// The WEBKIT_DISABLE_DMABUF_RENDERER each WebKit process of the app on
/// `dataDir` started with (what the app set before GTK started).
export function webkitRenderer(dataDir) {
  const app = execFileSync("pgrep", ["-f", "--", `--data-dir=${dataDir}`], { encoding: "utf8" }).split(/\s+/).filter(Boolean);
  const children = app.flatMap((pid) => {
    try {
      return execFileSync("pgrep", ["-P", pid], { encoding: "utf8" }).split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  });
  return children.map((pid) => {
    const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    return env.find((v) => v.startsWith("WEBKIT_DISABLE_DMABUF_RENDERER="))?.split("=")[1] ?? null;
  });
}

export const PASSPHRASE = "lantern orchard velvet tide";

/// Fills a field found by test id, replacing what was there.
export async function fill(session, testid, text) {
  const el = await session.waitFor(`[data-testid='${testid}']`);
  await el.clear();
  await el.type(text);
  return el;
}

export async function click(session, testid) {
  const el = await session.waitFor(`[data-testid='${testid}']`);
  await el.click();
  return el;
}

/// Polls a test id's text until it matches. Read from the DOM, not as shown,
/// so an empty message line (not displayed at all) can be waited for too.
export async function waitText(session, testid, pattern, timeoutMs = 30000) {
  const until = Date.now() + timeoutMs;
  let text = null;
  while (Date.now() < until) {
    text = await session.execute(
      `const el = document.querySelector("[data-testid='${testid}']"); return el ? el.textContent.trim() : null;`,
    );
    if (text !== null && pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${testid} never matched ${pattern}; it said: ${text}`);
}

/// Waits until a button is enabled (it may wait on a strength check).
export async function waitEnabled(session, testid, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const el = await session.find(`[data-testid='${testid}']`).catch(() => null);
    if (el && (await el.enabled())) return el;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${testid} never became enabled`);
}

/// First run through the real screens; returns the recovery code shown.
export async function setUpVault(session, { passphrase = PASSPHRASE, screenshots = false } = {}) {
  const shot = (name) => (screenshots ? saveScreenshot(session, name) : null);
  await session.waitFor("[data-testid='screen-setup']");
  await shot("setup-welcome");
  await click(session, "setup-start");
  await click(session, "setup-privacy-continue");
  await fill(session, "setup-passphrase", passphrase);
  await fill(session, "setup-confirm", passphrase);
  await (await waitEnabled(session, "setup-create")).click();
  const code = await (await session.waitFor("[data-testid='recovery-code']", 30000)).text();
  await shot("setup-recovery-code");
  await click(session, "recovery-saved");
  await (await waitEnabled(session, "recovery-continue")).click();
  await session.waitFor("[data-testid='setup-finish']");
  await shot("setup-auto-unlock");
  await click(session, "setup-finish");
  await session.waitFor("[data-testid='screen-today']");
  return code.trim();
}

export async function unlock(session, passphrase = PASSPHRASE) {
  await session.waitFor("[data-testid='screen-unlock']");
  await fill(session, "unlock-passphrase", passphrase);
  await click(session, "unlock-submit");
  await session.waitFor("[data-testid='nav-today']", 20000);
}

/// A fresh app with its vault set up: the shell as a member sees it daily.
export async function launchUnlocked(dataDir, options) {
  const session = await launch(dataDir, options);
  await setUpVault(session);
  return session;
}

export async function openScreen(session, name) {
  await (await session.find(`[data-testid='nav-${name}']`)).click();
  return session.waitFor(`[data-testid='screen-${name}']`);
}

/** Scrolls so the element's top sits just below the app's fixed header, as a member reading down would see it. */
export async function showBelowHeader(session, testid) {
  await session.execute(
    `const el = document.querySelector("[data-testid='${testid}']");
     const header = document.querySelector("header").getBoundingClientRect().bottom;
     window.scrollBy({ top: el.getBoundingClientRect().top - header - 12 });`,
  );
}

export async function saveScreenshot(session, name) {
  mkdirSync(screensDir, { recursive: true });
  // Two frames, so what was just scrolled or opened is painted before the picture.
  await session.executeAsync("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(done));");
  const file = join(screensDir, `${name}.png`);
  writeFileSync(file, await session.screenshot());
  return file;
}

const axeSource = readFileSync(join(root, "ui/node_modules/axe-core/axe.min.js"), "utf8");

/// Runs axe-core inside the real window; returns a readable list of violations.
export async function axeViolations(session) {
  const loaded = await session.execute("return typeof window.axe === 'object'");
  if (!loaded) await session.execute(`${axeSource}\nreturn true;`);
  const json = await session.executeAsync(`
    const done = arguments[arguments.length - 1];
    window.axe.run(document, { resultTypes: ["violations"] })
      .then((r) => done(JSON.stringify(r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
      })))))
      .catch((e) => done(JSON.stringify([{ id: "axe-error", help: String(e) }])));
  `);
  return JSON.parse(json);
}

export const CONTROL = "\uE009";

/** Presses keys together (modifiers first), as a person does. */
export async function chord(session, ...keys) {
  const actions = [...keys.map((k) => ({ type: "keyDown", value: k })), ...keys.reverse().map((k) => ({ type: "keyUp", value: k }))];
  await session.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  await session.cmd("DELETE", "/actions");
}

/** Zooms the page as a person does, with Ctrl 0 then Ctrl + (each 20 %). */
export async function zoomTo(session, level) {
  await chord(session, CONTROL, "0");
  for (let z = 1; z < level - 0.01; z += 0.2) await chord(session, CONTROL, "=");
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    const ratio = await session.execute("return window.outerWidth / window.innerWidth");
    if (Math.abs(ratio - level) < 0.05) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the page never reached ${level * 100} % zoom`);
}

/**
 * Opens a screen from the nav. Zoomed, by the address the nav link holds: WebKitWebDriver's pointer
 * does not follow WebKit's page zoom, so a click would land beside the link.
 */
export async function visit(session, screen, zoom) {
  if (zoom === 1) return openScreen(session, screen);
  await session.execute(`window.location.hash = document.querySelector("[data-testid='nav-${screen}']").getAttribute("href")`);
  return session.waitFor(`[data-testid='screen-${screen}']`);
}
