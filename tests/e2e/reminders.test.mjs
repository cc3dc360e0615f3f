// Reminders on the real desktop: a session reminder shown by dunst (the
// desktop's notification daemon), its buttons pressed through dunst's own
// context menu, the tray's menu on the session bus, a second launch and the
// start-at-login entry. The debug build's clock is moved by a file in its
// data folder, so nothing waits for real minutes.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { axeViolations, click, launch, launchUnlocked, openScreen, saveScreenshot, unlock } from "./app.mjs";
import { Keys } from "./webdriver.mjs";

const desktop = process.env.ALONGSIDE_DESKTOP_DIR;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function dunstctl(...args) {
  return execFileSync("dunstctl", args, { encoding: "utf8" }).trim();
}

/// Every notification dunst has moved to its history: [{appname, summary, body}].
function dunstHistory() {
  const { data } = JSON.parse(dunstctl("history"));
  return (data[0] ?? []).map((n) => ({ appname: n.appname.data, summary: n.summary.data, body: n.body.data }));
}

async function until(what, check, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await check();
    if (value) return value;
    await sleep(200);
  }
  throw new Error(`${what} never happened`);
}

/// Presses the button whose label holds `label` on the notification dunst shows.
async function pressOnNotification(label) {
  const before = dunstHistory().length;
  writeFileSync(join(desktop, "dunst-choice"), label);
  dunstctl("context");
  await until(
    `dunst closing the notification after "${label}"`,
    () => dunstctl("count", "displayed") === "0" && dunstHistory().length > before,
  );
}

/// Calls a command the way the UI does, for setting up what a test needs.
function invoke(app, command, args) {
  return app.executeAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
       .then((r) => done(JSON.stringify({ ok: r })), (e) => done(JSON.stringify({ err: e })));`,
    [command, args],
  ).then((json) => {
    const out = JSON.parse(json);
    if ("err" in out) throw new Error(`${command}: ${JSON.stringify(out.err)}`);
    return out.ok;
  });
}

describe("reminders on the desktop", () => {
  let app;
  let shift = 0;
  // What dunst showed before this suite (its history cannot be cleared).
  let earlier = 0;
  const ours = () => dunstHistory().slice(0, dunstHistory().length - earlier);
  const moveClock = (seconds) => {
    shift += seconds;
    writeFileSync(join(app.dataDir, "test-clock"), String(shift));
  };

  before(async () => {
    app = await launchUnlocked();
    dunstctl("close-all");
    earlier = dunstHistory().length;
  });
  after(async () => {
    await app?.quit();
  });

  test("a session reminder shows on dunst with generic text, snoozes, joins and opens the right screen", async () => {
    // The moved clock would otherwise count as idle time.
    await invoke(app, "settings_set_auto_lock", { minutes: null });
    await invoke(app, "reminders_set_preferences", {
      preferences: { leads: [5, 15], quietHours: null, showDetails: false, clinicAllowedInQuietHours: false },
    });
    // A weekly group that meets 30 minutes from now, in the desktop's zone.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const start = new Date(Math.ceil((Date.now() + 30 * 60000) / 60000) * 60000);
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-CA", {
        timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      }).formatToParts(start).map((p) => [p.type, p.value]),
    );
    await invoke(app, "reminders_save_series", {
      id: null,
      draft: {
        title: "Secret group title", firstDate: `${parts.year}-${parts.month}-${parts.day}`,
        time: `${parts.hour}:${parts.minute}:00`, zone, weeks: 4,
        videoLink: "https://meet.example.org/room", skipped: [], allowedInQuietHours: false,
      },
    });
    assert.equal(dunstctl("count", "displayed"), "0", "nothing is due yet");

    // 16.5 minutes later the 15-minute reminder is due.
    moveClock(16 * 60 + 30);
    await until("dunst showing the reminder", () => dunstctl("count", "displayed") === "1");
    await sleep(500);
    mkdirSync(process.env.ALONGSIDE_E2E_SCREENS, { recursive: true });
    execFileSync("import", ["-window", "root", join(process.env.ALONGSIDE_E2E_SCREENS, "notification-dunst.png")]);

    await pressOnNotification("Snooze 10 minutes");
    const [shown] = ours();
    assert.equal(shown.appname, "Alongside");
    assert.match(shown.body, /^Your group session starts in 1[3-5] minutes$/, JSON.stringify(ours()));
    assert.ok(!JSON.stringify(ours()).includes("Secret"), "no title without the member's say-so");

    // Five minutes before the start: Join hands the session's link to the desktop's browser.
    moveClock(5 * 60);
    await sleep(2500);
    assert.equal(dunstctl("count", "displayed"), "0", "snoozed for ten minutes");
    moveClock(4 * 60);
    await until("the 5-minute reminder", () => dunstctl("count", "displayed") === "1");
    const links = join(desktop, "opened-links");
    await pressOnNotification("Join");
    await until("the browser being asked for the link", () => existsSync(links));
    assert.deepEqual(readFileSync(links, "utf8").trim().split("\n"), ["https://meet.example.org/room"]);

    // The snooze ends: the first reminder comes back, once.
    moveClock(2 * 60);
    await until("the snoozed reminder coming back", () => dunstctl("count", "displayed") === "1");
    await openScreen(app, "journal");
    await pressOnNotification("Open Alongside");
    await app.waitFor("[data-testid='screen-sessions']", 10000);
    const bodies = ours().map((n) => n.body);
    assert.equal(bodies.length, 3, `shown three times in all: ${bodies}`);
    assert.match(bodies[1], /^Your group session starts in [4-5] minutes$/);
    assert.match(bodies[0], /^Your group session starts in [2-3] minutes$/);
  });

  test("closing the window the first time asks; kept running, the tray brings it back", async () => {
    const closer = join(import.meta.dirname, "close-window.py");
    const windowState = () => execFileSync("/usr/bin/python3", [closer, "state", app.dataDir], { encoding: "utf8" }).trim();
    assert.equal(windowState(), "shown");
    execFileSync("/usr/bin/python3", [closer, "close", app.dataDir]);
    const dialog = await app.waitFor("[data-testid='close-dialog']", 10000);
    assert.match(await dialog.text(), /Closing the window keeps Alongside in the tray/);
    assert.equal(windowState(), "shown", "nothing closes before the member answers");
    await saveScreenshot(app, "close-dialog");
    // The dialog's backdrop covers the header, so the dialog offers help itself; closing help returns to it.
    await click(app, "dialog-help");
    await app.waitFor("[data-testid='help-panel'][open]", 5000);
    await saveScreenshot(app, "close-dialog-help");
    await app.keys(Keys.ESCAPE);
    await until("help closing", async () => !(await (await app.find("[data-testid='help-panel']")).displayed()), 5000);
    assert.equal(await dialog.displayed(), true, "the question is still there after help");
    // Pressed from a timer: a WebDriver click waits for a paint that a hidden window never makes.
    await app.executeAsync(
      `const done = arguments[arguments.length - 1];
       setTimeout(() => document.querySelector("[data-testid='close-keep']").click(), 200);
       done();`,
      [],
    );
    await until("the window hiding", () => windowState() === "hidden", 10000);

    execFileSync("/usr/bin/python3", [join(import.meta.dirname, "tray.py"), app.dataDir, "Open Alongside"]);
    await until("the tray's Open showing the window", () => windowState() === "shown", 10000);
    // Remembered: the next close hides at once, without asking.
    execFileSync("/usr/bin/python3", [closer, "close", app.dataDir]);
    await until("the window hiding again", () => windowState() === "hidden", 10000);
    execFileSync("/usr/bin/python3", [join(import.meta.dirname, "tray.py"), app.dataDir, "Open Alongside"]);
    await until("the window back", () => windowState() === "shown", 10000);
    assert.equal(await (await app.find("[data-testid='close-dialog']")).displayed(), false, "not asked the second time");
  });

  test("the tray's menu is on the session bus and its Lock item locks", async () => {
    const out = execFileSync("/usr/bin/python3", [join(import.meta.dirname, "tray.py"), app.dataDir, "Lock"], { encoding: "utf8" });
    const labels = JSON.parse(out);
    assert.deepEqual(
      labels.filter((l) => l !== ""),
      ["Open Alongside", labels.find((l) => l.startsWith("Next session: ")), "Need help now", "Lock", "Quit Alongside"],
    );
    await app.waitFor("[data-testid='screen-unlock']", 10000);
  });

  test("a second launch brings the running app forward and exits", async () => {
    const second = spawn(process.env.ALONGSIDE_APP, [`--data-dir=${app.dataDir}`], { stdio: "ignore" });
    const code = await new Promise((resolve) => second.on("exit", resolve));
    assert.equal(code, 0);
    assert.ok(await (await app.find("[data-testid='screen-unlock']")).displayed(), "the first app is still there");
  });

  test("after a restart, before any unlock, the next session's reminder still comes", async () => {
    await app.quit();
    app = await launch(app.dataDir);
    await app.waitFor("[data-testid='screen-unlock']");
    // A week on, a minute past the next session's 15-minute reminder.
    moveClock(7 * 24 * 3600 - 12 * 60);
    await until("dunst showing the locked reminder", () => dunstctl("count", "displayed") === "1");
    dunstctl("close-all");
    const [latest] = ours();
    assert.match(latest.body, /^Your group session starts in 1[2-5] minutes$/);
  });

  test("start at login writes the desktop's autostart entry, and removes it", async () => {
    const entry = join(process.env.HOME, ".config/autostart/Alongside.desktop");
    assert.equal(await invoke(app, "autostart_get", {}), false, "off by default");
    assert.equal(await invoke(app, "autostart_set", { on: true }), true);
    assert.ok(existsSync(entry), `${entry} written`);
    const text = readFileSync(entry, "utf8");
    assert.match(text, /^Exec=.*alongside/m);
    assert.equal(await invoke(app, "autostart_set", { on: false }), false);
    assert.ok(!existsSync(entry), "removed again");
  });

  test("in Spanish: without a notification service the reminder shows in the window; once it is back, dunst shows them again", async () => {
    await unlock(app);
    await openScreen(app, "settings");
    await app.execute(
      "const s = document.querySelector(\"[data-testid='language-select']\"); s.value = 'es'; s.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    await app.waitFor("html[lang='es']");
    const dunstrc = join(desktop, "dunstrc");
    execFileSync("pkill", ["-f", `dunst -config ${dunstrc}`]);
    await until("dunst gone from the bus", () => {
      try {
        execFileSync("dunstctl", ["count"], { stdio: "ignore" });
        return false;
      } catch {
        return true;
      }
    });

    // Ten minutes on, the 5-minute reminder of the week's session is due.
    moveClock(10 * 60);
    const banner = await app.waitFor("[data-testid='reminder-banner']", 20000);
    assert.match(await banner.text(), /Tu sesión de grupo empieza en [4-5] minutos/);
    assert.deepEqual(await axeViolations(app), [], "axe with the banner");
    await saveScreenshot(app, "es-reminder-banner");
    await (await app.find("[data-testid='reminder-snooze']")).click();
    await app.waitFor("[data-testid='reminders-no-desktop']", 10000);
    // The Settings menu, by keyboard: Enter on "Recordatorios" brings focus to that part's heading.
    const menuLink = await app.find("[data-testid='settings-menu-reminders']");
    assert.equal(await menuLink.text(), "Recordatorios");
    await app.execute("document.querySelector(\"[data-testid='settings-menu-reminders']\").focus()");
    await menuLink.type(Keys.ENTER);
    assert.equal(
      await app.execute("const f = document.activeElement; return f.tagName + ' ' + (f.closest(\"[data-testid='reminder-settings']\") !== null);"),
      "H2 true",
    );
    assert.doesNotMatch(await app.execute("return window.location.hash"), /settings-/, "the hash router never sees the part's name");
    await saveScreenshot(app, "es-reminder-settings");
    await app.execute("document.querySelector(\"[data-testid='routines']\").scrollIntoView()");
    await (await app.find("[data-testid='routine-add']")).click();
    await app.waitFor("[data-testid='routines'] li", 10000);
    await saveScreenshot(app, "es-reminder-routines");

    // The service comes back: the snoozed reminder (at the start) goes to it.
    const again = spawn("dunst", ["-config", dunstrc], { stdio: "ignore", detached: true });
    again.unref();
    await until("dunst back on the bus", () => {
      try {
        return dunstctl("count", "displayed") === "0";
      } catch {
        return false;
      }
    });
    moveClock(6 * 60);
    await until("dunst showing the snoozed reminder", () => dunstctl("count", "displayed") === "1", 20000);
    dunstctl("close-all");
    assert.equal(ours()[0].body, "Tu sesión de grupo está empezando");

    await openScreen(app, "sessions");
    await (await app.find("[data-testid='hand-add']")).click();
    await app.waitFor("[data-testid='series-form']");
    assert.deepEqual(await axeViolations(app), [], "axe on the session form");
    await saveScreenshot(app, "es-series-form");
    // The computer "sleeps" through next week's session: its reminders are listed as missed, not shown.
    const before = ours().length;
    moveClock(7 * 24 * 3600);
    await openScreen(app, "today");
    const missed = await until("Today listing the missed reminders", async () => {
      const items = await app.findAll("[data-testid='today-missed-reminder']");
      const texts = await Promise.all(items.map((i) => i.text()));
      return texts.filter((t) => t.includes("Sesión de grupo a las")).length === 2 && texts;
    });
    assert.ok(missed.every((t) => !t.includes("Secret")), JSON.stringify(missed));
    assert.equal(ours().length, before, "nothing missed reached the desktop");
    await app.execute("document.querySelector(\"[data-testid='today-reminders']\").scrollIntoView()");
    await saveScreenshot(app, "es-today-reminders");
  });
});
