// The journal on the real window: writing with autosave, finding it again,
// trash with undo, nothing lost when the app is killed mid-sentence, and
// Markdown that cannot run code.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  axeViolations,
  click,
  fill,
  freshDataDir,
  launch,
  launchUnlocked,
  openScreen,
  saveScreenshot,
  setUpVault,
  unlock,
} from "./app.mjs";

/** Every file under `dir`; WebKit may remove a storage folder while it is walked. */
function filesUnder(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (e.code === "ENOENT") return [];
    throw e;
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(path);
    return e.isFile() ? [path] : [];
  });
}

/** Every file under `dir` (WebView storage included) whose bytes contain `text`. */
function filesContaining(dir, text) {
  const needle = Buffer.from(text, "utf8");
  return filesUnder(dir)
    .filter((file) => {
      try {
        return readFileSync(file).includes(needle);
      } catch (e) {
        // WebKit may remove a storage file between the listing and the read.
        if (e.code === "ENOENT") return false;
        throw e;
      }
    });
}

async function newEntry(app, { title = "", body }) {
  await openScreen(app, "journal");
  await click(app, "journal-new");
  if (title) await fill(app, "entry-title", title);
  await fill(app, "entry-body", body);
}

async function waitSaved(app) {
  const until = Date.now() + 10000;
  while (Date.now() < until) {
    const status = await (await app.find("[data-testid='save-status']")).text();
    if (/saved|guardad/i.test(status)) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the entry was never saved");
}

/** Polls the highlighted words of the search results until `ready` accepts them. */
async function waitMarks(app, ready) {
  const until = Date.now() + 10000;
  let words = [];
  while (Date.now() < until) {
    words = await app.execute(
      "return [...document.querySelectorAll(\"[data-testid='search-hit'] mark\")].map((m) => m.textContent.toLowerCase());",
    );
    if (ready(words)) return words;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the search results never showed the marks wanted; they showed ${JSON.stringify(words)}`);
}

describe("journal", () => {
  test("write, find it again with highlights, trash and undo", async () => {
    const app = await launchUnlocked();
    try {
      await newEntry(app, { title: "Martes", body: "Sentí ansiedad en el autobús, pero respiré despacio." });
      // The chip's checkbox sits under its label; click it as the label does.
      await app.execute("document.querySelector(\"[data-testid='feeling-anxious']\").click()");
      await waitSaved(app);
      await saveScreenshot(app, "journal-editor");
      assert.deepEqual(await axeViolations(app), [], "axe on the editor");
      await click(app, "entry-done");

      const item = await app.waitFor("[data-testid='journal-item']");
      assert.match(await item.text(), /Martes/);
      await saveScreenshot(app, "journal-timeline");

      await fill(app, "journal-search", "ansied");
      const hit = await app.waitFor("[data-testid='search-hit']");
      const marks = await hit.findAll("mark");
      assert.ok(marks.length > 0, "the match is highlighted");
      assert.equal((await marks[0].text()).toLowerCase(), "ansiedad");
      await fill(app, "journal-search", "autobus");
      // Waits for the answer to "autobus" before the screenshot: the same
      // entry comes back, with the new word marked and "ansiedad" not.
      const marked = await waitMarks(app, (words) => words.includes("autobús"));
      assert.deepEqual(marked, ["autobús"], "only the word searched now is highlighted");
      await saveScreenshot(app, "journal-search");
      assert.deepEqual(await axeViolations(app), [], "axe on search results");
      await (await app.find("[data-testid='journal-search']")).clear();
      await app.execute(
        "const s = document.querySelector(\"[data-testid='journal-search']\"); s.dispatchEvent(new Event('input', { bubbles: true }));",
      );

      await (await app.waitFor("[data-testid='journal-item']")).click();
      await click(app, "entry-delete");
      await app.waitFor("[data-testid='undo-toast']");
      await click(app, "undo");
      await app.waitFor("[data-testid='journal-item']");
    } finally {
      await app.quit();
    }
    // What was typed is in the encrypted database only: not in the log, the
    // WebView's own storage and caches, or any other file the app left.
    assert.deepEqual(filesContaining(app.dataDir, "respiré despacio"), [], "the entry's words in the clear");
    assert.ok(filesContaining(app.dataDir, "starting").length > 0, "the scan reads the log");
  });

  test("killing the app mid-sentence loses at most the last second", async () => {
    const dataDir = freshDataDir();
    let app = await launch(dataDir);
    try {
      await setUpVault(app);
      await newEntry(app, { body: "The group helped today because I said it out loud" });
      // Stop typing for a little over a second, then the power goes.
      await new Promise((r) => setTimeout(r, 1300));
      execFileSync("pkill", ["-KILL", "-f", `alongside --data-dir=${dataDir}`]);
    } finally {
      await app.quit();
    }

    app = await launch(dataDir);
    try {
      await unlock(app);
      await openScreen(app, "journal");
      const item = await app.waitFor("[data-testid='journal-item']", 15000);
      assert.match(await item.text(), /said it out loud/);
    } finally {
      await app.quit();
    }
  });

  test("Markdown from an XSS corpus renders without running anything", async () => {
    const app = await launchUnlocked();
    const payloads = [
      "<script>window.__xss = 'script'</script>",
      "<img src=x onerror=\"window.__xss = 'img'\">",
      "[click me](javascript:window.__xss='link')",
      "<a href=\"JaVaScRiPt:window.__xss='mixed'\">mixed case</a>",
      "<svg onload=\"window.__xss = 'svg'\"><circle r=5 /></svg>",
      "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
      "<details open ontoggle=\"window.__xss='details'\">x</details>",
      "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "<p style=\"background:url(javascript:window.__xss='style')\">styled</p>",
      "<form action=\"javascript:window.__xss='form'\"><button>go</button></form>",
      "&lt;script&gt;window.__xss='entity'&lt;/script&gt;",
      // Last: an unclosed <style> swallows whatever follows it.
      "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss='mxss'\">",
    ];
    try {
      await newEntry(app, { title: "XSS corpus", body: payloads.join("\n\n") });
      await click(app, "entry-preview-toggle");
      // Rendered once its renderer has arrived (fetched when a preview first shows).
      const preview = await app.waitFor("[data-testid='entry-preview'][aria-busy='false']");
      // Click every link the preview kept; none may run code.
      for (const link of await preview.findAll("a")) await link.click().catch(() => {});
      await new Promise((r) => setTimeout(r, 500));
      const report = await app.execute(`
        const root = document.querySelector("[data-testid='entry-preview']");
        const bad = [...root.querySelectorAll("*")].flatMap((el) => {
          const found = [];
          if (/^(script|iframe|object|embed|svg|math|form|style)$/i.test(el.tagName)) found.push(el.tagName);
          for (const a of el.attributes) {
            if (/^on/i.test(a.name) || a.name === "style") found.push(el.tagName + "[" + a.name + "]");
            if (/^(href|src|action)$/i.test(a.name) && !/^(https?:|mailto:|#|$)/i.test(a.value.trim())) found.push(el.tagName + "[" + a.name + "=" + a.value + "]");
          }
          return found;
        });
        return { xss: window.__xss ?? null, bad, stillHere: location.protocol };
      `);
      assert.equal(report.xss, null, "no payload ran");
      assert.deepEqual(report.bad, [], "nothing executable is left in the DOM");
      assert.ok(await (await app.find("[data-testid='screen-journal']")).displayed(), "the app did not navigate away");
      const shown = await preview.text();
      assert.match(shown, /styled/, "harmless text survives");
      assert.match(shown, /<script>window.__xss='entity'<\/script>/, "escaped markup stays text");
      await saveScreenshot(app, "journal-xss-preview");
    } finally {
      await app.quit();
    }
  });

  test("the mood check-in on Today becomes a journal entry", async () => {
    const app = await launchUnlocked();
    try {
      await click(app, "checkin-7");
      await app.waitFor("[data-testid='undo-toast']");
      await saveScreenshot(app, "today-checkin");
      await openScreen(app, "journal");
      const item = await app.waitFor("[data-testid='journal-item']");
      assert.match(await item.text(), /7/);
    } finally {
      await app.quit();
    }
  });
});
