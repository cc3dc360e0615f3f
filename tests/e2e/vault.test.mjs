// The vault on the real window: first-run setup, lock and unlock, a wrong
// passphrase, auto-lock after idle time and with the desktop's screen lock,
// the recovery-code reset, and automatic unlock through gnome-keyring.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  PASSPHRASE,
  axeViolations,
  click,
  fill,
  freshDataDir,
  launch,
  openScreen,
  saveScreenshot,
  setUpVault,
  unlock,
  waitEnabled,
  waitText,
} from "./app.mjs";
import { Keys } from "./webdriver.mjs";

const NEW_PASSPHRASE = "copper meadow quiet harbour";

describe("vault", () => {
  test("first run: welcome, passphrase with a strength meter, recovery code, then the shell", async () => {
    const app = await launch();
    try {
      await app.waitFor("[data-testid='screen-setup']");
      assert.deepEqual(await app.findAll("nav [data-testid^='nav-']"), [], "no navigation before setup");
      assert.ok(await (await app.find("[data-testid='help-button']")).displayed(), "help is there on setup");
      assert.deepEqual(await axeViolations(app), [], "axe on the welcome");
      // The heading takes focus for screen readers without a ring, and lines up with its card.
      const welcome = await app.execute(`
        const h1 = document.querySelector("main h1");
        h1.focus();
        const card = document.querySelector("[data-testid='screen-setup'] .card").getBoundingClientRect();
        const heading = h1.getBoundingClientRect();
        return { outline: getComputedStyle(h1).outlineStyle, left: heading.left - card.left, right: heading.right - card.right };`);
      assert.equal(welcome.outline, "none", "no focus box around the focused heading");
      assert.ok(Math.abs(welcome.left) < 1 && Math.abs(welcome.right) < 1, `heading and card share a column: ${JSON.stringify(welcome)}`);
      await saveScreenshot(app, "setup-welcome");
      await click(app, "setup-start");
      // What is kept and what may leave, before anything is written.
      await app.waitFor("[data-testid='privacy-statement']");
      assert.deepEqual(await axeViolations(app), [], "axe on the privacy step");
      await saveScreenshot(app, "setup-privacy");
      await click(app, "setup-privacy-continue");

      await fill(app, "setup-passphrase", "password");
      await fill(app, "setup-confirm", "password");
      await new Promise((r) => setTimeout(r, 600));
      const create = await app.find("[data-testid='setup-create']");
      assert.equal(await create.enabled(), false, "a very weak passphrase is refused");
      const weak = await (await app.find("[data-testid='strength-text']")).text();
      // "Easy to guess" sits under the passphrase it is about, above the field that repeats it.
      await waitText(app, "passphrase-weak", /easy to guess/, 10000);
      const placed = await app.execute(`
        const top = (id) => document.querySelector("[data-testid='" + id + "']").getBoundingClientRect().top;
        return top("setup-passphrase") < top("passphrase-weak") && top("passphrase-weak") < top("setup-confirm");`);
      assert.equal(placed, true, "the strength warning is under the passphrase field");
      await saveScreenshot(app, "setup-weak-passphrase");

      // The easy way: six words from the backend, shown so they can be written down.
      await click(app, "setup-passphrase-suggest");
      await waitText(app, "setup-passphrase-suggested", /.+/, 10000);
      const suggested = await (await app.find("[data-testid='setup-passphrase']")).property("value");
      assert.equal(suggested.split(" ").length, 6, suggested);
      await waitText(app, "strength-text", /^(Strong|Very strong)$/, 10000);
      await saveScreenshot(app, "setup-suggested-passphrase");

      await fill(app, "setup-passphrase", PASSPHRASE);
      await fill(app, "setup-confirm", PASSPHRASE);
      await waitEnabled(app, "setup-create");
      assert.notEqual(await (await app.find("[data-testid='strength-text']")).text(), weak, "the meter moved");
      assert.deepEqual(await axeViolations(app), [], "axe on the passphrase step");
      await click(app, "setup-create");

      const code = (await (await app.waitFor("[data-testid='recovery-code']", 30000)).text()).trim();
      assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/, "a grouped recovery code");
      assert.equal(await (await app.find("[data-testid='recovery-continue']")).enabled(), false);
      await saveScreenshot(app, "setup-recovery-code");
      // Copy puts it on the desktop's real clipboard (and clears it a minute later).
      await click(app, "recovery-copy");
      await waitText(app, "recovery-copy-status", /minute|minuto/, 10000);
      const clipboard = execFileSync("xclip", ["-o", "-selection", "clipboard"], { encoding: "utf8", timeout: 5000 });
      assert.equal(clipboard.trim(), code, "the code is on the clipboard");
      assert.deepEqual(await axeViolations(app), [], "axe on the recovery code");
      await click(app, "recovery-saved");
      await (await waitEnabled(app, "recovery-continue")).click();

      await app.waitFor("[data-testid='setup-finish']");
      await saveScreenshot(app, "setup-auto-unlock");
      await click(app, "setup-finish");
      await app.waitFor("[data-testid='screen-today']");
      assert.ok(await (await app.find("[data-testid='lock-button']")).displayed());
    } finally {
      await app.quit();
    }
  });

  test("lock, a wrong passphrase, unlock; help works while locked", async () => {
    const app = await launch();
    try {
      await setUpVault(app);
      await click(app, "lock-button");
      await app.waitFor("[data-testid='screen-unlock']");
      assert.deepEqual(await app.findAll("nav [data-testid^='nav-']"), [], "nothing personal while locked");

      await click(app, "help-button");
      const panel = await app.waitFor("[data-testid='help-panel']");
      assert.ok((await panel.text()).includes("988"));
      await app.keys(Keys.ESCAPE);

      await fill(app, "unlock-passphrase", "lantern orchard velvet TIDE");
      await click(app, "unlock-submit");
      const error = await app.waitFor("[data-testid='unlock-error']", 15000);
      assert.match(await error.text(), /doesn't match|passphrase/i);
      await saveScreenshot(app, "unlock-wrong-passphrase");
      assert.deepEqual(await axeViolations(app), [], "axe on the unlock screen");

      await unlock(app);
      await app.waitFor("[data-testid='screen-today']", 15000);
    } finally {
      await app.quit();
    }
  });

  test("the desktop's screen lock locks the vault", async () => {
    const app = await launch();
    try {
      await setUpVault(app);
      execFileSync("dbus-send", [
        "--session",
        "--type=signal",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver.ActiveChanged",
        "boolean:true",
      ]);
      await app.waitFor("[data-testid='screen-unlock']", 10000);
      // The reason crosses as the contract's `screen_lock`.
      await waitText(app, "lock-reason", /when this computer was locked/);
      await saveScreenshot(app, "unlock-after-screen-lock");
      await unlock(app);
      await app.waitFor("[data-testid='screen-today']", 15000);
    } finally {
      await app.quit();
    }
  });

  test("auto-lock after the idle time set in Settings", { timeout: 150000 }, async () => {
    const dataDir = freshDataDir();
    let app = await launch(dataDir);
    await setUpVault(app);
    await openScreen(app, "settings");
    await app.execute(
      "const s = document.querySelector(\"[data-testid='auto-lock-select']\"); s.value = '1'; s.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    await new Promise((r) => setTimeout(r, 500));
    await app.quit();

    // The shortest choice is one minute; a restart keeps it.
    app = await launch(dataDir);
    try {
      await unlock(app);
      await app.waitFor("[data-testid='screen-today']", 15000);
      const started = Date.now();
      await app.waitFor("[data-testid='screen-unlock']", 90000);
      const idle = (Date.now() - started) / 1000;
      assert.ok(idle >= 55 && idle < 75, `locked after ${idle.toFixed(1)} s idle`);
      await saveScreenshot(app, "unlock-after-idle");
    } finally {
      await app.quit();
    }
  });

  test("a forgotten passphrase is reset with the recovery code", async () => {
    const dataDir = freshDataDir();
    let app = await launch(dataDir);
    const code = await setUpVault(app);
    await app.quit();

    app = await launch(dataDir);
    try {
      await app.waitFor("[data-testid='screen-unlock']");
      await click(app, "forgot-passphrase");
      await fill(app, "recovery-input", code.toLowerCase().replaceAll("-", " "));
      await fill(app, "reset-passphrase", NEW_PASSPHRASE);
      await fill(app, "reset-confirm", NEW_PASSPHRASE);
      await saveScreenshot(app, "unlock-recovery-reset");
      assert.deepEqual(await axeViolations(app), [], "axe on the recovery form");
      await (await waitEnabled(app, "reset-submit")).click();
      await app.waitFor("[data-testid='screen-today']", 20000);

      await click(app, "lock-button");
      await fill(app, "unlock-passphrase", PASSPHRASE);
      await click(app, "unlock-submit");
      await app.waitFor("[data-testid='unlock-error']", 15000);
      await unlock(app, NEW_PASSPHRASE);
      await app.waitFor("[data-testid='screen-today']", 15000);
    } finally {
      await app.quit();
    }
  });

  test("unlock automatically through gnome-keyring, then ask again once it is off", async () => {
    const dataDir = freshDataDir();
    let app = await launch(dataDir);
    await setUpVault(app);
    await openScreen(app, "settings");
    const toggle = await app.waitFor("[data-testid='auto-unlock-toggle']");
    assert.equal(await toggle.enabled(), true, "the keyring is available");
    // Turning it on takes the vault passphrase; a wrong one leaves it off.
    await toggle.click();
    await app.waitFor("[data-testid='auto-unlock-passphrase']");
    assert.equal(await toggle.property("checked"), false, "not ticked while the passphrase is asked for");
    await fill(app, "auto-unlock-passphrase", "lantern orchard velvet TIDE");
    await click(app, "auto-unlock-confirm");
    await waitText(app, "auto-unlock-passphrase-error", /doesn't match/, 15000);
    assert.equal(await (await app.find("[data-testid='auto-unlock-passphrase']")).property("value"), "", "cleared after the try");
    await saveScreenshot(app, "settings-auto-unlock-confirm");
    assert.deepEqual(await axeViolations(app), [], "axe on the auto-unlock confirmation");
    await fill(app, "auto-unlock-passphrase", PASSPHRASE);
    await click(app, "auto-unlock-confirm");
    await app.waitGone("[data-testid='auto-unlock-passphrase']", 15000);
    assert.equal(await toggle.property("checked"), true);
    await saveScreenshot(app, "settings-security");
    assert.deepEqual(await axeViolations(app), [], "axe on the security settings");
    await app.quit();

    app = await launch(dataDir);
    await app.waitFor("[data-testid='screen-today']", 15000);
    const secrets = execFileSync("secret-tool", ["search", "--all", "service", "org.alongside.companion"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    assert.match(secrets, /vault-/, "the key is in the Secret Service");
    await openScreen(app, "settings");
    // Turning it off asks for nothing.
    await (await app.waitFor("[data-testid='auto-unlock-toggle']")).click();
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(await app.findAll("[data-testid='auto-unlock-passphrase']"), [], "no passphrase asked to turn it off");
    assert.equal(await (await app.find("[data-testid='auto-unlock-toggle']")).property("checked"), false);
    await app.quit();

    app = await launch(dataDir);
    try {
      await app.waitFor("[data-testid='screen-unlock']", 15000);
      const after = execFileSync("secret-tool", ["search", "--all", "service", "org.alongside.companion"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      assert.doesNotMatch(after, new RegExp(dataDirVaultId(dataDir)), "the keyring entry is gone");
    } finally {
      await app.quit();
    }
  });
});

function dataDirVaultId(dataDir) {
  const keys = JSON.parse(readFileSync(join(dataDir, "vault.keys"), "utf8"));
  return `vault-${keys.vault_id}`;
}

