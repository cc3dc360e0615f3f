// Getting data in and out on the real window: import a jrnl file, turn on
// encrypted backups and make one, export plain files behind the warning and
// the vault passphrase (a wrong one writes nothing), then restore the backup
// into a new vault and find the entries there.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keys } from "./webdriver.mjs";
import {
  PASSPHRASE,
  axeViolations,
  click,
  fill,
  launchUnlocked,
  openScreen,
  saveScreenshot,
  screensDir,
  waitEnabled,
  waitText,
} from "./app.mjs";

const BACKUP_PASSPHRASE = "harbour lilac compass drift";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const xdotool = (...args) => execFileSync("xdotool", args, { encoding: "utf8" }).trim();

/// The desktop's own file chooser, found on the X display by its title.
async function fileChooser(title, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const found = xdotool("search", "--onlyvisible", "--name", `^${title}$`);
      if (found) return found.split("\n")[0];
    } catch {
      // xdotool exits 1 while nothing matches yet.
    }
    await sleep(200);
  }
  throw new Error(`no file chooser titled "${title}" appeared`);
}

/// Types a location into the chooser (Ctrl+L) and accepts it, as a member would.
async function chooseIn(window, path) {
  xdotool("windowfocus", "--sync", window);
  await sleep(300);
  xdotool("key", "ctrl+l");
  await sleep(300);
  xdotool("type", "--delay", "5", path);
  await sleep(300);
  xdotool("key", "Return");
}

async function waitValue(app, testid, expected, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs;
  let value = "";
  while (Date.now() < until) {
    value = await app.execute(`return document.querySelector("[data-testid='${testid}']").value`);
    if (value === expected) return;
    await sleep(150);
  }
  throw new Error(`${testid} is "${value}", not "${expected}"`);
}

describe("your data", () => {
  test("import, back up, export, and restore into a new vault", async () => {
    const files = mkdtempSync(join(tmpdir(), "alongside-files-"));
    const jrnl = join(files, "journal.json");
    writeFileSync(
      jrnl,
      JSON.stringify({
        tags: { "@walk": 1 },
        entries: [
          { title: "Paseo junto al río.", body: "Caminé sin prisa con @walk.", date: "2025-04-02", time: "18:30", tags: ["@walk"], starred: false },
          { title: "No date here", body: "lost", tags: [], starred: false },
        ],
      }),
    );
    const backups = join(files, "backups");
    const exports = join(files, "exports");

    const app = await launchUnlocked();
    let backupFile;
    try {
      await openScreen(app, "settings");
      await app.waitFor("[data-testid='settings-data']");

      // Import: one entry in, one left out with the reason.
      await click(app, "import-submit");
      await waitText(app, "import-error", /path|ruta/i);
      await fill(app, "import-path", join(files, "missing.json"));
      await click(app, "import-submit");
      await waitText(app, "import-error", /no file|ningún archivo/i);
      // The desktop's chooser: cancelling changes nothing, choosing fills the path.
      await (await app.find("[data-testid='import-path']")).clear();
      await click(app, "import-path-choose");
      const cancelled = await fileChooser("File to import");
      xdotool("windowfocus", "--sync", cancelled);
      xdotool("key", "Escape");
      await waitEnabled(app, "import-path-choose");
      await waitValue(app, "import-path", "");
      await click(app, "import-path-choose");
      const chooser = await fileChooser("File to import");
      await sleep(500);
      mkdirSync(screensDir, { recursive: true });
      execFileSync("import", ["-window", "root", join(screensDir, "file-chooser.png")]);
      await chooseIn(chooser, jrnl);
      await waitValue(app, "import-path", jrnl);
      await click(app, "import-submit");
      const report = await waitText(app, "import-report", /jrnl: 1/);
      assert.match(report, /date couldn't be read: 1/);

      // Backups: set up, back up now, see it listed with today's date.
      await fill(app, "backup-folder", backups);
      await fill(app, "backup-passphrase", BACKUP_PASSPHRASE);
      await fill(app, "backup-confirm", BACKUP_PASSPHRASE);
      await fill(app, "backup-vault-passphrase", PASSPHRASE);
      await (await waitEnabled(app, "backup-save")).click();
      await waitText(app, "backup-done", /saved/i);
      await click(app, "backup-now");
      await waitText(app, "backup-now-done", /Backup saved/);
      const item = await app.waitFor("[data-testid='backup-item']");
      const today = new Date().toLocaleDateString("en", { dateStyle: "full" });
      assert.match(await item.text(), new RegExp(today));
      const made = readdirSync(backups);
      assert.equal(made.length, 1);
      backupFile = join(backups, made[0]);
      const sealed = readFileSync(backupFile);
      assert.ok(sealed.subarray(0, 21).toString() === "age-encryption.org/v1", "an age file");
      assert.ok(!sealed.includes("Caminé"), "nothing readable inside");

      // Export: refused until the warning is acknowledged.
      const markdown = await app.waitFor("[data-testid='export-markdown']");
      assert.equal(await markdown.enabled(), false);
      assert.match(await (await app.find("[data-testid='export-warning']")).text(), /NOT encrypted/);
      await click(app, "export-understood");
      await fill(app, "export-folder", exports);
      // A wrong vault passphrase refuses the export and writes nothing.
      await fill(app, "export-passphrase", "lantern orchard velvet TIDE");
      await click(app, "export-markdown");
      await waitText(app, "export-passphrase-error", /doesn't match/);
      await waitValue(app, "export-passphrase", "");
      await waitText(app, "export-done", /^$/);
      assert.deepEqual(existsSync(exports) ? readdirSync(exports) : [], [], "no file written after a wrong passphrase");
      await fill(app, "export-passphrase", PASSPHRASE);
      await click(app, "export-markdown");
      await waitText(app, "export-done", /Entries exported: 1/);
      const [folder] = readdirSync(exports);
      const [note] = readdirSync(join(exports, folder));
      const text = readFileSync(join(exports, folder, note), "utf8");
      assert.match(text, /^---\nid: "/);
      assert.match(text, /title: "Paseo junto al río\."/);
      assert.match(text, /tags: \["walk"\]/);

      await app.execute("document.querySelector(\"[data-testid='settings-data']\").scrollIntoView()");
      await saveScreenshot(app, "settings-data");
      assert.deepEqual(await axeViolations(app), [], "axe on settings with the data card");

      // By keyboard: from the warning's checkbox, Space unticks it and Tab
      // reaches the folder, its Choose… button, the passphrase (its Show button
      // next) and then Export; Enter in the passphrase exports as Markdown.
      await app.execute("document.querySelector(\"[data-testid='export-understood']\").focus()");
      await app.keys(Keys.SPACE);
      assert.equal(await (await app.find("[data-testid='export-markdown']")).enabled(), false);
      await app.keys(Keys.SPACE);
      const order = [];
      for (let i = 0; i < 5; i++) {
        await app.keys(Keys.TAB);
        order.push(await app.activeTestId());
      }
      assert.deepEqual(order, ["export-folder", "export-folder-choose", "export-passphrase", null, "export-markdown"]);
      await app.execute("document.querySelector(\"[data-testid='export-passphrase']\").focus()");
      await app.keys(PASSPHRASE);
      await app.keys(Keys.ENTER);
      await waitValue(app, "export-passphrase", "");
      await waitText(app, "export-done", /Entries exported: 1/);

      // In Spanish.
      await app.execute(
        "const s = document.querySelector(\"[data-testid='language-select']\"); s.value = 'es'; s.dispatchEvent(new Event('change', { bubbles: true }));",
      );
      await app.waitFor("html[lang='es']");
      assert.match(await (await app.find("[data-testid='export-warning']")).text(), /NO están cifrados/);
      await app.execute("document.querySelector(\"[data-testid='settings-data']\").scrollIntoView()");
      await saveScreenshot(app, "es-settings-data");
      assert.deepEqual(await axeViolations(app), [], "axe on the data card in Spanish");
      // A new backup passphrase, in Spanish: the why-line, Suggest, and the vault passphrase asked for.
      await click(app, "backup-change-passphrase");
      await app.waitFor("[data-testid='backup-vault-passphrase']");
      // The last save's "saved" goes once another change starts, rather than sitting under a disabled Save.
      await waitText(app, "backup-done", /^$/);
      await app.execute("document.querySelector(\"[data-testid='backup-vault-passphrase']\").scrollIntoView({ block: 'center' })");
      await saveScreenshot(app, "es-settings-backup-passphrase");
      assert.deepEqual(await axeViolations(app), [], "axe on the backup passphrase step in Spanish");
    } finally {
      await app.quit();
    }

    // A new vault on "another computer": restore, then the entry is there.
    const other = await launchUnlocked();
    try {
      await openScreen(other, "settings");
      await fill(other, "restore-path", backupFile);
      await fill(other, "restore-passphrase", "not the passphrase at all");
      await click(other, "restore-submit");
      await waitText(other, "restore-error", /doesn't open this backup/);
      await fill(other, "restore-passphrase", BACKUP_PASSPHRASE);
      await click(other, "restore-submit");
      await waitText(other, "restore-done", /Entries restored: 1/);
      await openScreen(other, "journal");
      const restored = await other.waitFor("[data-testid='journal-item']");
      assert.match(await restored.text(), /Paseo junto al río/);
    } finally {
      await other.quit();
    }
  });
});
