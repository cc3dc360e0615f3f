// The clinic both ways on the real window: the programme with its week and
// facilitators, the orientation read and agreed, a reply made while the
// clinic is down that reaches it exactly once after a restart, homework
// marked done, Join only in its window, and the banner when the clinic ends
// the sign-in; a server as strict as a real one, with a plain sentence for
// what it did not share; in English and Spanish, axe-clean.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Keys } from "./webdriver.mjs";
import { axeViolations, click, darkDriver, freshDataDir, launch, launchUnlocked, membersDriver, openScreen, saveScreenshot, showBelowHeader, unlock, waitText, webkitRenderer } from "./app.mjs";

const admin = process.env.ALONGSIDE_CLINIC_URL.replace(/\/fhir\/R4\/?$/, "/admin");

async function clinic(method, path, body) {
  const response = await fetch(`${admin}/${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(response.ok, `admin ${method} ${path}: ${response.status}`);
  return response.json();
}

const held = (type) => clinic("GET", `resources?type=${type}`);

async function until(what, check, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    // The list is drawn again as things change; an element may be gone mid-look.
    last = await check().catch((e) => String(e));
    if (last && !String(last).startsWith("Error")) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} never happened (${JSON.stringify(last)})`);
}

/** The page's clock, moved by `shiftMs` (the Sessions list reads it when shown). */
async function movePageClock(app, shiftMs) {
  await app.execute(`
    const Real = window.__RealDate ?? Date;
    window.__RealDate = Real;
    const shift = ${shiftMs};
    window.Date = class extends Real {
      constructor(...a) { if (a.length) super(...a); else super(Real.now() + shift); }
      static now() { return Real.now() + shift; }
    };`);
}

describe("the clinic, both ways", () => {
  test("programme, orientation, a reply sent once through an outage and a restart, homework, Join, expiry", async () => {
    await clinic("POST", "reset");
    const ids = await clinic("GET", "state");
    const dataDir = freshDataDir();
    // With the members' WebKit setting, not the suite's (see app.mjs).
    let app = await launchUnlocked(dataDir, { via: membersDriver });
    try {
      const renderers = webkitRenderer(dataDir);
      assert.ok(renderers.length > 0, "the app's WebKit processes were found");
      assert.deepEqual([...new Set(renderers)], ["1"], "WebKit started with the DMA-BUF renderer off");
      await openScreen(app, "sessions");
      const address = await app.waitFor("[data-testid='clinic-address']");
      await address.type(Keys.ENTER);
      await app.waitFor("[data-testid='clinic-connected']", 30000);

      // The programme: week N of 8 of the closed group, its facilitators, the open group apart.
      const programme = await app.waitFor("[data-testid='programme-item']");
      assert.match(await (await programme.find("[data-testid='programme-shape']")).text(), /Closed group · week [1-8] of 8 · ends /);
      assert.match(
        await (await programme.find("[data-testid='programme-facilitators']")).text(),
        /Dr Sam Rivera, Priya Natarajan \(co-facilitator\)/,
      );
      assert.match(await (await programme.find("[data-testid='programme-theme']")).text(), /^Theme: Anxiety$/);
      assert.match(await (await programme.find("[data-testid='programme-enrolment']")).text(), /^You joined on .*\d{4}\.$/);
      assert.match(await (await app.find("[data-testid='programme-available']")).text(), /Grief support group[\s\S]*Open group/);
      // The orientation in full, then agreed.
      const text = await (await app.find("[data-testid='orientation-text']")).text();
      assert.ok(text.length > 400, `the orientation is shown in full (${text.length} characters)`);
      assert.deepEqual(await axeViolations(app), [], "axe with the programme");
      await app.execute("document.querySelector(\"[data-testid='programmes']\").scrollIntoView()");
      await saveScreenshot(app, "clinic-programme");
      // By keyboard: Space ticks the box, Enter agrees.
      await app.execute("document.querySelector(\"[data-testid='orientation-read']\").focus()");
      await (await app.find("[data-testid='orientation-read']")).type(Keys.SPACE);
      await app.execute("document.querySelector(\"[data-testid='orientation-agree']\").focus()");
      await (await app.find("[data-testid='orientation-agree']")).type(Keys.ENTER);
      await waitText(app, "orientation-state", /^Agreed$/);
      const agreements = await held("QuestionnaireResponse");
      assert.equal(agreements.length, 1);
      assert.equal(agreements[0].item[0].answer[0].valueBoolean, true);

      // The clinic goes down; the member can't make the next session.
      await clinic("POST", "fault", { kind: "500", count: 1000 });
      const session = await until("a session to reply to", () =>
        app.execute(`
          const rows = [...document.querySelectorAll("[data-testid='sessions-upcoming'] [data-testid='session-item']")];
          return rows.find((r) => r.querySelector("[data-testid='session-reply-no']"))?.dataset.session ?? null;`),
      );
      await (await app.find(`[data-session='${session}'] [data-testid='session-reply-no']`)).click();
      // With a note to the facilitators, shown as it will be sent.
      const note = "Working late this week; I'll read the handout.";
      await (await app.waitFor(`[data-session='${session}'] [data-testid='decline-note']`)).type(note);
      await until("the note shown as it will be sent", async () =>
        (await (await app.find("[data-testid='decline-preview'] blockquote")).text()) === note);
      assert.deepEqual(await axeViolations(app), [], "axe with the note form");
      await saveScreenshot(app, "clinic-decline-note");
      await (await app.find(`[data-session='${session}'] [data-testid='decline-send']`)).click();
      const replyState = `[data-session='${session}'] [data-testid='session-reply-state']`;
      await until("the reply shown as waiting", async () => /Waiting to be sent/.test(await (await app.find(replyState)).text()));
      assert.match(await (await app.find("[data-testid='outbox']")).text(), /I can't make it/);
      assert.deepEqual(await axeViolations(app), [], "axe with a reply waiting");
      await saveScreenshot(app, "clinic-reply-waiting");
      assert.equal((await held("AppointmentResponse")).length, 0);

      // Quit, start again, the clinic comes back: sent, once.
      await app.quit();
      app = await launch(dataDir, { via: membersDriver });
      await unlock(app);
      await clinic("DELETE", "fault");
      await openScreen(app, "sessions");
      await click(app, "clinic-sync");
      const row = `[data-session='${session}'] [data-testid='session-reply-state']`;
      await until("the reply sent", async () => /Sent to your clinic/.test(await (await app.waitFor(row)).text()));
      const replies = await held("AppointmentResponse");
      assert.equal(replies.length, 1, "exactly one AppointmentResponse");
      assert.equal(replies[0].participantStatus, "declined");
      assert.equal(replies[0].comment, note, "the note arrives as written");
      assert.equal(replies[0].appointment.reference, `Appointment/${session}`);
      await app.execute("document.querySelector(\"[data-testid='clinic-ledger'] summary\").click()");
      // In words, with the session's date; the request itself behind Technical details.
      await until("the ledger lists the reply", async () => {
        const ledger = await (await app.find("[data-testid='clinic-ledger']")).text();
        return /Sent your reply to the session on .*: you can't make it, with your note “Working late this week; I'll read the handout\.”/.test(ledger) && ledger;
      });
      const technical = await app.execute(`
        const row = [...document.querySelectorAll("[data-testid='ledger-item']")]
          .find((r) => /Sent your reply/.test(r.querySelector("[data-testid='ledger-words']").textContent));
        return row.querySelector("[data-testid='ledger-technical']").textContent;`);
      assert.match(technical, /POST http:\/\/127\.0\.0\.1:\d+\/fhir\/R4\/AppointmentResponse/);
      assert.match(technical, /participantStatus\s*declined/);
      assert.match(technical, /comment\s*Working late this week/);
      assert.deepEqual(await axeViolations(app), [], "axe with the ledger open");
      await app.execute("document.querySelector(\"[data-testid='outbox']\").scrollIntoView()");
      await saveScreenshot(app, "clinic-reply-sent");

      // Homework from the clinic, marked done in Practice, reaches its Task.
      await openScreen(app, "practice");
      const homework = await app.waitFor("[data-testid='homework-item'][data-status='requested']");
      await (await homework.find("[data-testid='homework-done']")).click();
      await app.waitFor("[data-testid='homework-item'][data-status='completed']");
      await openScreen(app, "sessions");
      await click(app, "clinic-sync");
      await until("the Task completed at the clinic", async () => {
        const tasks = await held("Task");
        return tasks.find((t) => t.id === ids.task)?.status === "completed";
      });

      // Join: shut until ten minutes before the next session, open until it ends.
      const joinable = await until("a session with Join", () =>
        app.execute(`
          const rows = [...document.querySelectorAll("[data-testid='sessions-upcoming'] [data-testid='session-item']")];
          return rows.find((r) => r.querySelector("[data-testid='session-join']"))?.dataset.session ?? null;`),
      );
      const starts = Date.parse((await held("Appointment")).find((a) => a.id === joinable).start);
      for (const [minutes, open] of [
        [-15, false],
        [-5, true],
        [60, true],
      ]) {
        await movePageClock(app, starts + minutes * 60_000 - Date.now());
        await openScreen(app, "today");
        await openScreen(app, "sessions");
        const join = await app.waitFor(`[data-session='${joinable}'] [data-testid='session-join']`);
        assert.equal(await join.enabled(), open, `Join ${minutes} minutes from the start`);
        if (minutes === -5) await saveScreenshot(app, "clinic-join-open");
      }
      await movePageClock(app, 0);

      // The clinic ends the sign-in: a banner on every other screen, and sign in again from it.
      await clinic("POST", "fault", { kind: "invalid-grant", on: "token" });
      await openScreen(app, "sessions");
      await click(app, "clinic-sync");
      await app.waitFor("[data-testid='clinic-expired']", 30000);
      await openScreen(app, "today");
      const banner = await app.waitFor("[data-testid='clinic-banner']");
      assert.match(await banner.text(), /Your clinic sign-in has ended/);
      assert.deepEqual(await axeViolations(app), [], "axe with the banner");
      await saveScreenshot(app, "clinic-banner");

      // In Spanish.
      await openScreen(app, "settings");
      await app.execute(
        "const s = document.querySelector(\"[data-testid='language-select']\"); s.value = 'es'; s.dispatchEvent(new Event('change', { bubbles: true }));",
      );
      await app.waitFor("html[lang='es']");
      await openScreen(app, "today");
      assert.match(await (await app.waitFor("[data-testid='clinic-banner']")).text(), /Tu sesión con la clínica terminó/);
      await saveScreenshot(app, "es-clinic-banner");
      await click(app, "clinic-banner-again");
      await app.waitGone("[data-testid='clinic-banner']", 30000);
      await openScreen(app, "sessions");
      const shape = await (await app.waitFor("[data-testid='programme-shape']")).text();
      assert.match(shape, /Grupo cerrado · semana [1-8] de 8 · termina el /);
      assert.match(await (await app.find("[data-testid='programme-theme']")).text(), /^Tema: ansiedad$/);
      assert.match(await (await app.find("[data-testid='programme-facilitators']")).text(), /^Facilitadores: Dr Sam Rivera, Priya Natarajan \(cofacilitador\)$/);
      assert.match(await (await app.find("[data-testid='programme-enrolment']")).text(), /^Te uniste el .*\d{4}\.$/);
      assert.match(await (await app.find("[data-testid='orientation']")).text(), /Orientación y acuerdo de confidencialidad|Aceptado/);
      assert.match(await (await app.find(`[data-session='${session}']`)).text(), /Dijiste que no podrías ir|Enviado a tu clínica/);
      assert.deepEqual(await axeViolations(app), [], "axe in Spanish");
      await app.execute("document.querySelector(\"[data-testid='programmes']\").scrollIntoView()");
      await saveScreenshot(app, "es-clinic-programme");
      assert.equal((await held("AppointmentResponse")).length, 1, "still exactly one reply");
    } finally {
      await clinic("DELETE", "fault").catch(() => {});
      await app.quit();
    }
  });

  test("a strict server: what it shares, and a plain sentence for what it did not", async () => {
    await clinic("POST", "reset");
    await clinic("POST", "strict", { on: true });
    const app = await launchUnlocked(freshDataDir());
    try {
      await openScreen(app, "sessions");
      await (await app.waitFor("[data-testid='clinic-address']")).type(Keys.ENTER);
      const connected = await app.waitFor("[data-testid='clinic-connected']", 30000);
      // No name shared: the host only, never the address with its path.
      assert.doesNotMatch(await connected.text(), /https?:|\/fhir/);
      const unshared = await app.waitFor("[data-testid='clinic-unshared']");
      const said = await unshared.text();
      assert.match(said, /did not share your group's details with Alongside/);
      assert.match(said, /did not share your group's orientation/);
      assert.doesNotMatch(said, /403|clinic_|Forbidden|http/i);
      // The sessions, and the programme from the member's own record.
      assert.ok((await app.findAll("[data-testid='session-item']")).length >= 8);
      const programme = await app.waitFor("[data-testid='programme-item']");
      const shown = await programme.text();
      assert.match(shown, /Anxiety skills group/);
      assert.match(shown, /Facilitator:?\s*Dr Sam Rivera/);
      assert.doesNotMatch(shown, /Closed group|EpisodeOfCare/);
      assert.deepEqual(await axeViolations(app), [], "axe with what a strict server shared");
      await showBelowHeader(app, "clinic-card");
      await saveScreenshot(app, "clinic-strict");
      // A small window.
      await app.cmd("POST", "/window/rect", { width: 720, height: 560 });
      await app.execute("document.querySelector(\"[data-testid='clinic-unshared']\").scrollIntoView({ block: 'center' })");
      await saveScreenshot(app, "clinic-strict-small");
      // In Spanish.
      await openScreen(app, "settings");
      await app.execute(
        "const s = document.querySelector(\"[data-testid='language-select']\"); s.value = 'es'; s.dispatchEvent(new Event('change', { bubbles: true }));",
      );
      await app.waitFor("html[lang='es']");
      await openScreen(app, "sessions");
      assert.match(await (await app.waitFor("[data-testid='clinic-unshared']")).text(), /no compartió los detalles de tu grupo/);
      await app.execute("document.querySelector(\"[data-testid='clinic-unshared']\").scrollIntoView({ block: 'center' })");
      await saveScreenshot(app, "es-clinic-strict-small");
    } finally {
      await clinic("POST", "strict", { on: false }).catch(() => {});
      await app.quit();
    }
  });

  test("a strict server's sentences in the dark", { skip: !darkDriver && "no dark driver" }, async () => {
    await clinic("POST", "reset");
    await clinic("POST", "strict", { on: true });
    const app = await launchUnlocked(undefined, { via: darkDriver });
    try {
      await openScreen(app, "sessions");
      await (await app.waitFor("[data-testid='clinic-address']")).type(Keys.ENTER);
      await app.waitFor("[data-testid='clinic-unshared']", 30000);
      assert.deepEqual(await axeViolations(app), [], "axe in the dark");
      await showBelowHeader(app, "clinic-card");
      await saveScreenshot(app, "dark-clinic-strict");
    } finally {
      await clinic("POST", "strict", { on: false }).catch(() => {});
      await app.quit();
    }
  });
});
