// Safety in the real window: "Need help now" by F1 from every screen (setup
// and lock included), axe-clean in English and Spanish, Escape handing focus
// back; the safety plan through lock, unlock and a restart; with the opt-in,
// the plan on the lock screen while the vault stays closed; PHQ-9 item 9
// showing help before the result; printing the plan to a PDF file.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { SCREENS, axeViolations, launch, openScreen, saveScreenshot, setUpVault, unlock } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

const click = async (app, testid) => (await app.waitFor(`[data-testid='${testid}']`)).click();
const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// F1 opens the panel over whatever has focus; Escape closes it and focus goes back there.
async function helpByKeyboard(app, label) {
  const before = await app.execute("return document.activeElement && document.activeElement.outerHTML.slice(0, 80)");
  await app.keys(Keys.F1);
  await app.waitFor("[data-testid='help-panel'][open] [data-testid='help-lines']");
  assert.deepEqual(await axeViolations(app), [], `axe on Need help now over ${label}`);
  await app.keys(Keys.ESCAPE);
  await app.waitGone("[data-testid='help-panel'][open]");
  const after = await app.execute("return document.activeElement && document.activeElement.outerHTML.slice(0, 80)");
  assert.equal(after, before, `focus back where it was on ${label}`);
}

async function setLanguage(app, language) {
  await openScreen(app, "settings");
  await app.execute(
    `const s = document.querySelector("[data-testid='language-select']"); s.value = '${language}'; s.dispatchEvent(new Event('change', { bubbles: true }));`,
  );
  await app.waitFor(`html[lang='${language}']`);
}

async function waitSaved(app) {
  for (let i = 0; i < 50; i++) {
    if ((await (await app.find("[data-testid='plan-save']")).text()) === "Saved") return;
    await sleep(100);
  }
  assert.fail("the plan never said Saved");
}

describe("safety", () => {
  test("Need help now opens by F1 from setup, every screen and the lock screen, in English and Spanish", async () => {
    const app = await launch();
    try {
      await app.waitFor("[data-testid='screen-setup']");
      await helpByKeyboard(app, "setup");
      await setUpVault(app);
      for (const screen of SCREENS) {
        await openScreen(app, screen);
        await helpByKeyboard(app, screen);
      }
      await setLanguage(app, "es");
      for (const screen of SCREENS) {
        await openScreen(app, screen);
        await helpByKeyboard(app, `${screen} (es)`);
      }
      await click(app, "lock-button");
      await app.waitFor("[data-testid='screen-unlock']");
      await helpByKeyboard(app, "the lock screen (es)");
      await app.keys(Keys.F1);
      const panel = await app.waitFor("[data-testid='help-panel'][open]");
      assert.match(await panel.text(), /Llamar al 988/);
      // The country changes from the panel itself, locked.
      await app.execute(
        "const s = document.querySelector(\"[data-testid='help-country']\"); s.value = 'MX'; s.dispatchEvent(new Event('change', { bubbles: true }));",
      );
      await app.waitFor("[data-testid='help-lines'][data-country='MX']");
      assert.match(await panel.text(), /Si estás en peligro inmediato, llama al 911\./);
      await saveScreenshot(app, "es-help-locked");
    } finally {
      await app.quit();
    }
  });

  test("the panel's lines for the United States, Mexico and Spain in both languages, Spanish text line included", async () => {
    const app = await launch();
    try {
      await setUpVault(app);
      const chooseCountry = (code) =>
        app.execute(
          `const s = document.querySelector("[data-testid='help-country']"); s.value = '${code}'; s.dispatchEvent(new Event('change', { bubbles: true }));`,
        );
      for (const language of ["en", "es"]) {
        await setLanguage(app, language);
        await app.keys(Keys.F1);
        const panel = await app.waitFor("[data-testid='help-panel'][open] [data-testid='help-lines']");
        const text = await (await app.find("[data-testid='help-panel']")).text();
        if (language === "es") {
          assert.match(text, /Enviar AYUDA al 741741/);
          assert.match(text, /Escribir por WhatsApp/);
          assert.doesNotMatch(text, /HOME/);
        } else {
          assert.match(text, /Text HOME to 741741/);
          assert.doesNotMatch(text, /AYUDA al/);
        }
        assert.ok(await panel.displayed());
        for (const code of ["US", "MX", "ES"]) {
          await chooseCountry(code);
          await app.waitFor(`[data-testid='help-lines'][data-country='${code}']`);
          assert.deepEqual(await axeViolations(app), [], `axe on help, ${language}, ${code}`);
          await saveScreenshot(app, `help-${language}-${code}`);
          if (code === "US") {
            const textLine = language === "es" ? "us-crisis-text-line-es" : "us-crisis-text-line";
            await app.execute(`document.querySelector("[data-line='${textLine}']").scrollIntoView()`);
            await saveScreenshot(app, `help-${language}-US-text-line`);
            // Scrolled to the end, the title and Close are still in view and not covered.
            const closeInView = await app.execute(
              `const panel = document.querySelector("[data-testid='help-panel']");
               panel.scrollTop = panel.scrollHeight;
               const box = document.querySelector("[data-testid='help-close']").getBoundingClientRect();
               const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
               return panel.scrollTop > 0 && hit?.closest("[data-testid='help-close']") !== null;`,
            );
            assert.equal(closeInView, true, `Close in view at the end of the lines, ${language}`);
          }
        }
        assert.match(await (await app.find("[data-testid='help-panel']")).text(), /024/);
        await chooseCountry("US");
        await app.waitFor("[data-testid='help-lines'][data-country='US']");
        await app.keys(Keys.ESCAPE);
        await app.waitGone("[data-testid='help-panel'][open]");
      }
    } finally {
      await app.quit();
    }
  });

  test("the safety plan survives lock, unlock and a restart, and with the opt-in shows on the lock screen", async () => {
    let app = await launch();
    const dataDir = app.dataDir;
    try {
      await setUpVault(app);
      await openScreen(app, "safety");
      assert.deepEqual(await axeViolations(app), [], "axe on Safety");
      await saveScreenshot(app, "safety");
      await click(app, "plan-add-warningSigns");
      await app.keys("I stop answering my phone");
      await click(app, "plan-add-reasons");
      await app.keys("Morning walks with Luna");
      await waitSaved(app);
      const badges = await app.execute(
        "return [...document.querySelectorAll(\"[data-testid='plan-editor'] .step-badge\")].map((b) => b.textContent.trim())",
      );
      assert.deepEqual(badges, ["1", "2", "3", "4", "5", "6", ""], "numbered step cards, a heart for the reasons");
      await saveScreenshot(app, "safety-plan-steps");
      await click(app, "lock-button");
      await unlock(app);
      await openScreen(app, "safety");
      const texts = await app.execute(
        "return [...document.querySelectorAll(\"[data-testid='plan-item-text']\")].map((i) => i.value)",
      );
      assert.ok(texts.includes("I stop answering my phone") && texts.includes("Morning walks with Luna"), JSON.stringify(texts));

      // Locked without the opt-in: Need help now shows no plan.
      await click(app, "lock-button");
      await app.keys(Keys.F1);
      await app.waitFor("[data-testid='help-panel'][open] [data-testid='help-lines']");
      await sleep(500);
      assert.equal((await app.findAll("[data-testid='help-plan']")).length, 0);
      await app.keys(Keys.ESCAPE);
      await unlock(app);
      await openScreen(app, "safety");
      const toggle = await app.waitFor("[data-testid='plan-locked']:not([disabled])");
      await toggle.click();
      for (let i = 0; i < 50 && !existsSync(join(dataDir, "safety-plan.sealed")); i++) await sleep(100);
      assert.ok(existsSync(join(dataDir, "safety-plan.sealed")), "the sealed copy is written");
    } finally {
      await app.quit();
    }

    app = await launch(dataDir);
    try {
      await app.waitFor("[data-testid='screen-unlock']");
      await app.keys(Keys.F1);
      const plan = await app.waitFor("[data-testid='help-plan']");
      assert.match(await plan.text(), /Morning walks with Luna/);
      await saveScreenshot(app, "help-plan-locked");
      const state = await app.executeAsync(
        "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('vault_status').then((s) => done(s.state));",
      );
      assert.equal(state, "locked", "the vault stayed closed");
      await app.keys(Keys.ESCAPE);
      await unlock(app);
      await openScreen(app, "safety");
      await (await app.waitFor("[data-testid='plan-locked']")).click();
      for (let i = 0; i < 50 && existsSync(join(dataDir, "safety-plan.sealed")); i++) await sleep(100);
      assert.ok(!existsSync(join(dataDir, "safety-plan.sealed")), "turning it off deletes the copy");
    } finally {
      await app.quit();
    }
  });

  test("PHQ-9 item 9 above zero shows help before the result", async () => {
    const app = await launch();
    try {
      await setUpVault(app);
      await openScreen(app, "safety");
      await click(app, "check-take-phq-9");
      // Each question's four answers are one column of full-width rows, 44 px or more.
      const rows = await app.execute(`
        return [...document.querySelectorAll("[data-testid='check-item']")[0].querySelectorAll("label.option")]
          .map((l) => { const r = l.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width, height: r.height }; });`);
      assert.equal(rows.length, 4);
      for (const r of rows) {
        assert.ok(Math.abs(r.left - rows[0].left) < 1 && Math.abs(r.width - rows[0].width) < 1, `one column: ${JSON.stringify(rows)}`);
        assert.ok(r.height >= 44, `a 44 px row: ${JSON.stringify(r)}`);
      }
      assert.ok(rows.every((r, i) => i === 0 || r.top > rows[i - 1].top), "one under another");
      for (let i = 1; i <= 8; i++) await click(app, `check-item-${i}-1`);
      assert.equal((await app.findAll("[data-testid='item9-help']")).length, 0);
      await click(app, "check-item-9-2");
      const help = await app.waitFor("[data-testid='item9-help']");
      assert.ok(await help.displayed(), "help is shown at once");
      assert.match(await help.text(), /Call 988/);
      assert.deepEqual(await axeViolations(app), [], "axe on the PHQ-9 with help shown");
      await saveScreenshot(app, "phq9-item9");
      await click(app, "check-submit");
      await app.waitFor("[data-testid='check-result']");
      const order = await app.execute(`
        const r = document.querySelector("[data-testid='check-result']");
        const help = r.querySelector("[data-testid='item9-help']").getBoundingClientRect().top;
        const score = r.querySelector("[data-testid='check-score']").getBoundingClientRect().top;
        return help < score;`);
      assert.equal(order, true, "help above the total");
      assert.match(await (await app.find("[data-testid='check-score']")).text(), /^You scored 10 of 27\.$/);
      await saveScreenshot(app, "phq9-result");
      await setLanguage(app, "es");
      await openScreen(app, "safety");
      assert.deepEqual(await axeViolations(app), [], "axe on Safety in Spanish");
      await saveScreenshot(app, "es-safety");
      await click(app, "check-take-gad-7");
      await app.waitFor("[data-testid='english-only']");
      assert.deepEqual(await axeViolations(app), [], "axe on the GAD-7 in Spanish");
      await saveScreenshot(app, "es-gad7");
    } finally {
      await app.quit();
    }
  });

  test("printing the plan produces its page", async () => {
    const app = await launch();
    try {
      await setUpVault(app);
      await openScreen(app, "safety");
      await click(app, "plan-add-coping");
      await app.keys("Cold water on my face");
      await waitSaved(app);
      await click(app, "plan-print");
      // The desktop's own print dialog: print to a file, as a member without a printer would.
      const { stdout } = await run("python3", [join(import.meta.dirname, "print-dialog.py")], { encoding: "utf8", timeout: 60000 });
      const pdf = stdout.trim();
      const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
      unlinkSync(pdf);
      assert.match(text, /My safety plan/);
      assert.match(text, /Cold water on my face/);
      assert.match(text, /In a crisis, call or text 988\. If you are in immediate danger, call 911\./);
      assert.doesNotMatch(text, /Need help now|Journal|Settings|Self-check/, "only the plan's page, not the app around it");
    } finally {
      await app.quit();
    }
  });
});
