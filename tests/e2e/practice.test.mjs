// Skill practice in the real window: box breathing to the end on a moved
// page clock, distress before and after, the log and the streak; a thought
// record across a restart; no animation under reduced motion; breathing
// from the lock screen, which saves nothing; axe and screenshots in both
// languages.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, darkDriver, launch, launchUnlocked, openScreen, saveScreenshot, unlock } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

/// The player reads performance.now(); this moves it, as the test clock moves the backend's.
const PAGE_CLOCK = `
  if (!window.__shift) {
    const real = performance.now.bind(performance);
    let offset = 0;
    performance.now = () => real() + offset;
    window.__shift = (ms) => { offset += ms; };
  }`;
const shiftPage = (app, ms) => app.execute(`${PAGE_CLOCK}; window.__shift(${ms});`);

async function startExercise(app, id) {
  await openScreen(app, "practice");
  await app.execute(PAGE_CLOCK);
  await (await app.waitFor(`[data-exercise='${id}'] [data-testid='library-start']`)).click();
  return app.waitFor("[data-testid='player']");
}

const click = async (app, testid) => (await app.waitFor(`[data-testid='${testid}']`)).click();

/// Waits until the player shows step `n` (its own tick moves it after the clock does).
async function waitStep(app, n) {
  const step = await app.waitFor("[data-testid='player-step']");
  for (let i = 0; i < 50 && !(await step.text()).startsWith(`Step ${n} `); i++) await new Promise((r) => setTimeout(r, 100));
  assert.match(await step.text(), new RegExp(`^Step ${n} `));
}

describe("practice", () => {
  test("box breathing to the end, rated before and after, shows in the log and the week's goal", async () => {
    const app = await launchUnlocked();
    try {
      await openScreen(app, "practice");
      assert.deepEqual(await axeViolations(app), [], "axe on Practice");
      await saveScreenshot(app, "practice");
      // A goal of one a week, so this practice makes a streak.
      const goal = await app.waitFor("[data-testid='goal-input']");
      await goal.clear();
      await goal.type("1");
      await app.execute("document.querySelector(\"[data-testid='goal-input']\").dispatchEvent(new Event('change', { bubbles: true }))");
      await app.waitFor("[data-testid='goal-progress']");
      for (let i = 0; i < 30 && !/of 1 /.test(await (await app.find("[data-testid='goal-progress']")).text()); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await startExercise(app, "box-breathing");
      await saveScreenshot(app, "practice-before");
      await click(app, "distress-7");
      await click(app, "player-next");
      const count = await app.waitFor("[data-testid='breath-count']");
      assert.match(await count.text(), /^Breathe in… [1-4]$/);
      // While the time runs, Pause is the one main control, and the hint names Space.
      const primaries = await app.execute(
        "return [...document.querySelectorAll(\"[data-testid='player'] .primary\")].map((b) => b.dataset.testid)",
      );
      assert.deepEqual(primaries, ["player-pause"]);
      assert.match(await (await app.find("[data-testid='player-keys']")).text(), /^Space pauses/);
      assert.deepEqual(await axeViolations(app), [], "axe on the player");
      await saveScreenshot(app, "practice-breathing");
      // Light theme, motion allowed: the shape moves on a transition as long as the phase.
      const moving = await app.execute(
        "return getComputedStyle(document.querySelector(\"[data-testid='breath-shape']\")).transitionDuration",
      );
      assert.equal(moving, "4s");
      await shiftPage(app, 241_000);
      await waitStep(app, 3);
      await click(app, "player-next");
      await click(app, "distress-3");
      await app.waitFor("[data-testid='player-logged']");
      assert.equal(await (await app.find("[data-testid='player-change']")).text(), "Your distress went from 7 to 3.");
      await saveScreenshot(app, "practice-done");
      await click(app, "player-close");
      const item = await app.waitFor("[data-testid='log-item']");
      assert.match(await item.text(), /Box breathing/);
      assert.match(await item.text(), /Feeling 7 → 3/);
      assert.match(await (await app.find("[data-testid='goal-progress']")).text(), /^1 of 1 practices this week$/);
      assert.equal(await (await app.find("[data-testid='goal-streak']")).text(), "Weeks in a row that met your goal: 1");
      for (const [part, name] of [
        ["practice-log", "practice-log"],
        ["practice-progress", "practice-progress"],
      ]) {
        await app.execute(`document.querySelector("[data-testid='${part}']").scrollIntoView()`);
        await saveScreenshot(app, name);
      }
      await (await app.find("[data-testid='chart-as-table']")).click();
      await app.waitFor("[data-testid='weeks-table']");
      assert.deepEqual(await axeViolations(app), [], "axe with the log, the chart as a table and the change table");
      await click(app, "homework-add");
      await app.waitFor("[data-testid='homework-form']");
      assert.deepEqual(await axeViolations(app), [], "axe on the homework form");
      await app.execute("document.querySelector(\"[data-testid='homework']\").scrollIntoView()");
      await saveScreenshot(app, "practice-homework-form");
      await openScreen(app, "today");
      assert.match(await (await app.waitFor("[data-testid='today-goal']")).text(), /^1 of 1 practices this week$/);
      assert.equal(await (await app.find("[data-testid='today-streak']")).text(), "Weeks in a row that met your goal: 1");
    } finally {
      await app.quit();
    }
  });

  test("a thought record is saved as it is typed and comes back after a restart", async () => {
    let app = await launchUnlocked();
    const dataDir = app.dataDir;
    try {
      await startExercise(app, "thought-record");
      await click(app, "distress-skip");
      await click(app, "player-next");
      const situation = await app.waitFor("[data-testid='answer-situation']");
      await situation.type("My sister cancelled our call");
      await app.waitFor("[data-testid='worksheet-save']");
      for (let i = 0; i < 40; i++) {
        if ((await (await app.find("[data-testid='worksheet-save']")).text()) === "Saved") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(await (await app.find("[data-testid='worksheet-save']")).text(), "Saved");
      await saveScreenshot(app, "practice-thought-record");
      assert.deepEqual(await axeViolations(app), [], "axe on a written step");
    } finally {
      // Quit mid-exercise: what was typed is already in the vault.
      await app.quit();
    }
    app = await launch(dataDir);
    try {
      await unlock(app);
      await openScreen(app, "practice");
      await app.waitFor("[data-testid='worksheet-item']");
      await app.execute("document.querySelector(\"[data-testid='worksheets']\").scrollIntoView()");
      await saveScreenshot(app, "practice-worksheets");
      await click(app, "worksheet-open");
      await click(app, "player-next");
      const situation = await app.waitFor("[data-testid='answer-situation']");
      assert.equal(await situation.property("value"), "My sister cancelled our call");

      // The same list, and the homework form, in Spanish.
      await openScreen(app, "settings");
      await app.execute(
        "const s = document.querySelector(\"[data-testid='language-select']\"); s.value = 'es'; s.dispatchEvent(new Event('change', { bubbles: true }));",
      );
      await app.waitFor("html[lang='es']");
      await openScreen(app, "practice");
      await app.waitFor("[data-testid='worksheet-item']");
      await app.execute("document.querySelector(\"[data-testid='worksheets']\").scrollIntoView()");
      assert.match(await (await app.find("[data-testid='worksheets']")).text(), /Registro de pensamientos/);
      await saveScreenshot(app, "es-practice-worksheets");
      await click(app, "homework-add");
      await app.waitFor("[data-testid='homework-form']");
      assert.deepEqual(await axeViolations(app), [], "axe on the homework form in Spanish");
      await app.execute("document.querySelector(\"[data-testid='homework']\").scrollIntoView()");
      await saveScreenshot(app, "es-practice-homework-form");
    } finally {
      await app.quit();
    }
  });

  test("under reduced motion the pacer is words and a count only", { skip: !darkDriver && "no dark driver" }, async () => {
    const app = await launchUnlocked(undefined, { via: darkDriver });
    try {
      await startExercise(app, "box-breathing");
      await click(app, "distress-skip");
      await click(app, "player-next");
      await app.waitFor("[data-testid='breath-count']");
      const motion = await app.execute(`
        const shape = document.querySelector("[data-testid='breath-shape']");
        return {
          shown: shape.getClientRects().length > 0,
          transition: getComputedStyle(shape).transitionDuration,
          animations: document.getAnimations().length,
        };`);
      assert.deepEqual(motion, { shown: false, transition: "0s", animations: 0 });
      await saveScreenshot(app, "dark-practice-breathing");
      assert.deepEqual(await axeViolations(app), [], "axe on the player in dark");
    } finally {
      await app.quit();
    }
  });

  test("from the lock screen, Need help now plays box breathing and 5-4-3-2-1 and saves nothing; in Spanish too", async () => {
    let app = await launchUnlocked();
    const dataDir = app.dataDir;
    await app.quit();
    app = await launch(dataDir);
    try {
      await app.waitFor("[data-testid='screen-unlock']");
      await app.execute(PAGE_CLOCK);
      await click(app, "help-button");
      await click(app, "help-play-box-breathing");
      assert.match(await (await app.waitFor("[data-testid='player-locked-note']")).text(), /Nothing from this practice is saved/);
      await click(app, "player-next");
      await shiftPage(app, 241_000);
      await waitStep(app, 3);
      await click(app, "player-next");
      await app.waitFor("[data-testid='player-done']");
      await saveScreenshot(app, "practice-locked-done");
      await click(app, "player-close");
      await click(app, "help-play-senses-5-4-3-2-1");
      await app.waitFor("[data-testid='player']");
      assert.deepEqual(await axeViolations(app), [], "axe on the locked player");
      await saveScreenshot(app, "practice-locked-senses");
      await app.keys(Keys.ESCAPE);
      await unlock(app);
      await openScreen(app, "practice");
      await app.waitFor("[data-testid='log-none']");

      await openScreen(app, "settings");
      await app.execute(
        "const s = document.querySelector(\"[data-testid='language-select']\"); s.value = 'es'; s.dispatchEvent(new Event('change', { bubbles: true }));",
      );
      await app.waitFor("html[lang='es']");
      await openScreen(app, "practice");
      assert.deepEqual(await axeViolations(app), [], "axe on Practice in Spanish");
      await saveScreenshot(app, "es-practice");
      await startExercise(app, "box-breathing");
      assert.deepEqual(await axeViolations(app), [], "axe on the rating in Spanish");
      await saveScreenshot(app, "es-practice-before");
      await click(app, "distress-skip");
      await click(app, "player-next");
      assert.match(await (await app.waitFor("[data-testid='breath-count']")).text(), /^Inhala… [1-4]$/);
      assert.deepEqual(await axeViolations(app), [], "axe on the player in Spanish");
      await saveScreenshot(app, "es-practice-breathing");
      await click(app, "player-close");
      await app.execute("document.querySelector(\"[data-testid='practice-progress']\").scrollIntoView()");
      await saveScreenshot(app, "es-practice-progress");
      await openScreen(app, "today");
      await app.execute("document.querySelector(\"[data-testid='today-practice']\").scrollIntoView()");
      await saveScreenshot(app, "es-today-practice");
    } finally {
      await app.quit();
    }
  });
});
