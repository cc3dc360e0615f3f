// Need help now never leaves the screen: on every screen (setup and lock included), scrolled to
// the bottom, the button is inside the window and not covered, the screen's heading starts below
// the header, and F1 still opens the panel — at 1280×860, at 800×600 and with the page zoomed to
// 200 % (Ctrl +). The hide key takes the window off the screen at once and locks the vault.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { CONTROL, SCREENS, chord, launch, openScreen, saveScreenshot, setUpVault, unlock, visit, zoomTo } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

const SHIFT = "\uE008";

/** Scrolls to the bottom and checks the help button is in the window, on top, and F1 opens help. */
async function helpInView(app, label) {
  const seen = await app.execute(`
    window.scrollTo(0, document.documentElement.scrollHeight);
    const button = document.querySelector("[data-testid='help-button']");
    const r = button.getBoundingClientRect();
    const onTop = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: innerWidth, height: innerHeight,
      scrolled: window.scrollY, covered: !(onTop && button.contains(onTop)) };`);
  assert.ok(seen.top >= 0 && seen.bottom <= seen.height && seen.left >= 0 && seen.right <= seen.width, `help in view on ${label}: ${JSON.stringify(seen)}`);
  assert.equal(seen.covered, false, `nothing covers the help button on ${label}`);
  console.log(`${label}: scrolled ${seen.scrolled}, button ${seen.top.toFixed(0)}–${seen.bottom.toFixed(0)} of ${seen.height}`);
  await saveScreenshot(app, `help-in-view-${label}`);
  await app.keys(Keys.F1);
  await app.waitFor("[data-testid='help-panel'][open] [data-testid='help-lines']");
  await app.keys(Keys.ESCAPE);
  await app.waitGone("[data-testid='help-panel'][open]");
  return seen.scrolled > 0;
}

/** A screen just arrived at starts at its top: the heading sits below the header, not under it. */
async function headingBelowHeader(app, label) {
  const gap = await app.execute(`
    const header = document.querySelector("header").getBoundingClientRect();
    const h1 = document.querySelector("main h1").getBoundingClientRect();
    return h1.top - header.bottom;`);
  assert.ok(gap >= 0, `the heading of ${label} is below the header (gap ${gap})`);
}

const SIZES = [
  { name: "1280x860", width: 1280, height: 860, zoom: 1 },
  { name: "800x600", width: 800, height: 600, zoom: 1 },
  { name: "zoom200", width: 1280, height: 860, zoom: 2 },
];

describe("help in view", () => {
  test("Need help now stays in view on every screen at three window sizes", async () => {
    const app = await launch();
    try {
      let scrolledSomewhere = 0;
      await app.waitFor("[data-testid='screen-setup']");
      for (const size of SIZES) {
        await app.cmd("POST", "/window/rect", { width: size.width, height: size.height });
        await zoomTo(app, size.zoom);
        if (await helpInView(app, `${size.name}-setup`)) scrolledSomewhere++;
      }
      await zoomTo(app, 1);
      await setUpVault(app);
      for (const size of SIZES) {
        await app.cmd("POST", "/window/rect", { width: size.width, height: size.height });
        await zoomTo(app, size.zoom);
        for (const screen of SCREENS) {
          await visit(app, screen, size.zoom);
          await headingBelowHeader(app, `${screen} at ${size.name}`);
          if (await helpInView(app, `${size.name}-${screen}`)) scrolledSomewhere++;
        }
      }
      await zoomTo(app, 1);
      await (await app.find("[data-testid='lock-button']")).click();
      await app.waitFor("[data-testid='screen-unlock']");
      for (const size of SIZES) {
        await app.cmd("POST", "/window/rect", { width: size.width, height: size.height });
        await zoomTo(app, size.zoom);
        if (await helpInView(app, `${size.name}-unlock`)) scrolledSomewhere++;
      }
      // The proof needs screens long enough to scroll: most are, at the smaller sizes.
      assert.ok(scrolledSomewhere >= 10, `only ${scrolledSomewhere} screens scrolled`);
      await zoomTo(app, 1);
      await unlock(app);
    } finally {
      await app.quit();
    }
  });

  test("the hide key takes the window off the screen within 200 ms and locks the vault", async () => {
    const app = await launch();
    try {
      await setUpVault(app);
      await openScreen(app, "journal");
      const watcher = spawn("/usr/bin/python3", [join(import.meta.dirname, "close-window.py"), "unmapped", app.dataDir]);
      let out = "";
      let err = "";
      let gone = false;
      watcher.stdout.on("data", (d) => (out += d));
      watcher.stderr.on("data", (d) => (err += d));
      const exited = new Promise((resolve) => watcher.on("exit", () => resolve((gone = true))));
      while (!out.includes("ready")) {
        assert.ok(!gone, `the window watcher stopped: ${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const pressed = Date.now();
      await chord(app, CONTROL, SHIFT, "h");
      await exited;
      const unmappedAt = Number(out.split("\n")[1]);
      assert.ok(Number.isFinite(unmappedAt), `the window was never unmapped: ${out}`);
      const ms = unmappedAt - pressed;
      console.log(`hidden ${ms.toFixed(0)} ms after the key`);
      assert.ok(ms < 200, `hidden after ${ms} ms`);
      const state = await app.executeAsync(
        "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('vault_status').then((s) => done(s.state));",
      );
      assert.equal(state, "locked");
    } finally {
      await app.quit();
    }
  });
});
