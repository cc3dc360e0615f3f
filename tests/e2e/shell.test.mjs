// The app shell on the real window: navigation, crisis help, language,
// keyboard use and accessibility, with a screenshot of every screen.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { SCREENS, axeViolations, launch, launchUnlocked, openScreen, saveScreenshot, unlock } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

describe("app shell", () => {
  let app;
  before(async () => {
    app = await launchUnlocked();
  });
  after(async () => {
    await app?.quit();
  });

  test("starts and shows the shell with six sections and the help button", async () => {
    const items = await app.findAll("nav [data-testid^='nav-']");
    const labels = await Promise.all(items.map((i) => i.text()));
    assert.deepEqual(labels, ["Today", "Journal", "Practice", "Safety", "Sessions", "Settings"]);
    assert.equal(await (await app.find("[data-testid='help-button']")).text(), "Need help now");
    assert.ok(await (await app.find("[data-testid='screen-today']")).displayed());
  });

  test("the page runs under a CSP that forbids eval", async () => {
    const result = await app.execute(`
      try { new Function("return 1")(); return "allowed"; } catch (e) { return e.name; }
    `);
    assert.equal(result, "EvalError");
  });

  test("every nav item opens its screen, which passes axe-core", async () => {
    for (const name of SCREENS) {
      const screen = await openScreen(app, name);
      const heading = await (await screen.find("h1")).text();
      assert.ok(heading.length > 0, `${name} has a heading`);
      const current = await (await app.find(`[data-testid='nav-${name}']`)).attr("aria-current");
      assert.equal(current, "page", `${name} is marked current`);
      const file = await saveScreenshot(app, `en-${name}`);
      assert.ok(statSync(file).size > 5000, `${file} holds a real picture`);
      assert.deepEqual(await axeViolations(app), [], `axe on ${name}`);
    }
  });

  test("'Need help now' opens the crisis lines from every screen", async () => {
    for (const name of SCREENS) {
      await openScreen(app, name);
      await (await app.find("[data-testid='help-button']")).click();
      const panel = await app.waitFor("[data-testid='help-panel']");
      const text = await panel.text();
      for (const expected of ["988", "741741", "911", "HOME"]) {
        assert.ok(text.includes(expected), `${expected} shown on ${name}: ${text}`);
      }
      const hrefs = await Promise.all((await panel.findAll("a")).map((a) => a.attr("href")));
      for (const href of ["tel:988", "sms:988", "sms:741741", "tel:911"]) {
        assert.ok(hrefs.includes(href), `${href} linked on ${name}: ${hrefs}`);
      }
      if (name === "today") {
        await saveScreenshot(app, "en-help");
        assert.deepEqual(await axeViolations(app), [], "axe on the help panel");
      }
      await app.keys(Keys.ESCAPE);
      await app.waitGone("[data-testid='help-panel']");
      assert.equal(await app.activeTestId(), "help-button", "focus returns to the button");
    }
  });

  test("the shell works by keyboard alone", async () => {
    await openScreen(app, "today");
    await app.execute("document.activeElement.blur(); window.scrollTo(0, 0)");
    // Tab through the header until the Journal item has focus, then press Enter.
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await app.keys(Keys.TAB);
      reached = (await app.activeTestId()) === "nav-journal";
    }
    assert.ok(reached, "Tab reaches the Journal item");
    const ring = await app.execute(
      "const s = getComputedStyle(document.activeElement); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0",
    );
    assert.ok(ring, "the focused item shows a focus ring");
    await app.keys(Keys.ENTER);
    await app.waitFor("[data-testid='screen-journal']");
  });

  test("switching to Spanish changes the visible text, and it is remembered", async () => {
    await openScreen(app, "settings");
    await app.execute(
      "const s = document.querySelector(\"[data-testid='language-select']\"); s.focus(); s.value = 'es'; s.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    await app.waitFor("html[lang='es']");
    const help = await (await app.find("[data-testid='help-button']")).text();
    assert.notEqual(help, "Need help now");
    const today = await (await app.find("[data-testid='nav-today']")).text();
    assert.equal(today, "Hoy");
    for (const name of SCREENS) {
      await openScreen(app, name);
      await saveScreenshot(app, `es-${name}`);
      assert.deepEqual(await axeViolations(app), [], `axe on ${name} in Spanish`);
    }
    await (await app.find("[data-testid='help-button']")).click();
    await app.waitFor("[data-testid='help-panel']");
    await saveScreenshot(app, "es-help");
    await app.keys(Keys.ESCAPE);

    const dataDir = app.dataDir;
    await app.quit();
    app = await launch(dataDir);
    await unlock(app);
    await app.waitFor("[data-testid='screen-today']");
    assert.equal(await (await app.find("[data-testid='nav-today']")).text(), "Hoy");
    assert.ok(existsSync(`${dataDir}/settings.json`));
  });
});
