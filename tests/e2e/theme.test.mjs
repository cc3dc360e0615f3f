// Light and dark follow the desktop, reduced motion is honoured, and both
// themes pass axe-core (colour contrast included).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { SCREENS, axeViolations, darkDriver, launchUnlocked, openScreen, saveScreenshot } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

const background = (app) =>
  app.execute(`
    const painted = [document.body, document.documentElement]
      .map((el) => getComputedStyle(el).backgroundColor)
      .find((c) => !/rgba\\(.*,\\s*0\\)$/.test(c));
    const rgb = painted.match(/\\d+/g).map(Number);
    return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
  `);

describe("themes", () => {
  test("a light desktop gets the light theme with animations on", async () => {
    const app = await launchUnlocked();
    try {
      assert.equal(await app.execute("return matchMedia('(prefers-color-scheme: dark)').matches"), false);
      assert.ok((await background(app)) > 0.8, "light background");
    } finally {
      await app.quit();
    }
  });

  test("a dark desktop that asks for less motion gets both", { skip: !darkDriver && "no dark driver" }, async () => {
    const app = await launchUnlocked(undefined, { via: darkDriver });
    try {
      assert.equal(await app.execute("return matchMedia('(prefers-color-scheme: dark)').matches"), true);
      assert.ok((await background(app)) < 0.2, "dark background");
      assert.equal(await app.execute("return matchMedia('(prefers-reduced-motion: reduce)').matches"), true);
      const moving = await app.execute(`
        return [...document.querySelectorAll("*")].filter((el) => {
          const s = getComputedStyle(el);
          const long = (v) => v.split(",").some((d) => parseFloat(d) > 0.01);
          return long(s.transitionDuration) || (s.animationName !== "none" && long(s.animationDuration));
        }).map((el) => el.tagName + "." + el.className);
      `);
      assert.deepEqual(moving, [], "nothing animates");
      for (const name of SCREENS) {
        await openScreen(app, name);
        await saveScreenshot(app, `dark-${name}`);
        assert.deepEqual(await axeViolations(app), [], `axe on ${name} in dark`);
      }
      await (await app.find("[data-testid='help-button']")).click();
      await app.waitFor("[data-testid='help-panel']");
      await saveScreenshot(app, "dark-help");
      assert.deepEqual(await axeViolations(app), [], "axe on the help panel in dark");
      await app.keys(Keys.ESCAPE);
    } finally {
      await app.quit();
    }
  });
});
