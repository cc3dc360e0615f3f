// The member's group sessions on the real window: sign in to the test
// clinic through the (stand-in) browser, see the programme in their own
// time, and link a journal entry to one session.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Keys } from "./webdriver.mjs";
import { axeViolations, click, fill, launchUnlocked, openScreen, saveScreenshot } from "./app.mjs";

async function waitCount(app, css, n, timeoutMs = 30000) {
  const until = Date.now() + timeoutMs;
  let found = [];
  while (Date.now() < until) {
    found = await app.findAll(css);
    if (found.length === n) return found;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`expected ${n} of ${css}, found ${found.length}`);
}

describe("sessions from the clinic", () => {
  test("sign in, see the group's sessions, link an entry to one", async () => {
    const app = await launchUnlocked();
    try {
      await openScreen(app, "sessions");
      const address = await app.waitFor("[data-testid='clinic-address']");
      assert.equal(await address.property("value"), process.env.ALONGSIDE_CLINIC_URL);
      assert.deepEqual(await axeViolations(app), [], "axe before signing in");
      await saveScreenshot(app, "sessions-sign-in");

      // By keyboard: Enter in the address field signs in.
      await address.type(Keys.ENTER);
      const connected = await app.waitFor("[data-testid='clinic-connected']", 30000);
      // The clinic by its name, never its address.
      assert.match(await connected.text(), /^Connected to Harmony United Psychiatric Care$/);
      const items = await waitCount(app, "[data-testid='session-item']", 8);
      const cancelled = await app.findAll("[data-testid='session-cancelled']");
      assert.equal(cancelled.length, 1, "week 5 is cancelled");
      const upcoming = await (await app.find("[data-testid='sessions-upcoming']")).text();
      assert.match(upcoming, /Anxiety skills group — week 8/);
      assert.match(await items[0].text(), /week/);
      assert.match(await (await app.find("[data-testid='clinic-progress']")).text(), /signed in/);
      assert.deepEqual(await axeViolations(app), [], "axe with the sessions listed");
      await saveScreenshot(app, "sessions");

      // The ledger lists what was sent, by keyboard: focus its summary, Enter.
      await app.execute("document.querySelector(\"[data-testid='clinic-ledger'] summary\").focus()");
      await (await app.find("[data-testid='clinic-ledger'] summary")).type(Keys.ENTER);
      const rows = await app.waitFor("[data-testid='ledger-item']");
      // What is drawn (innerText): WebKitWebDriver's element text also reads closed disclosures.
      const ledger = await app.execute("return document.querySelector(\"[data-testid='clinic-ledger']\").innerText");
      // Newest first: the facilitators were read last, after one batch of
      // every other read and one of what the clinic did not include. In words:
      // each request's address and fields wait behind its Technical details.
      assert.match(await rows.text(), /Read your programme/);
      assert.match(ledger, /Read your sessions, .* in one request/);
      assert.match(ledger, /Finished signing in/);
      assert.match(ledger, /Asked how to sign in/);
      assert.doesNotMatch(ledger, /https?:\/\/|\b(GET|POST) |readSessions|\?patient=/);
      const technical = await app.execute(
        "return [...document.querySelectorAll(\"[data-testid='ledger-technical']\")].map((d) => d.textContent).join('\\n');",
      );
      assert.match(technical, /POST http:\/\/127\.0\.0\.1:\d+\/fhir\/R4\//);
      assert.match(technical, /readSessions\s*GET Appointment\?patient=/);
      assert.match(technical, /readHomework\s*GET Task\?patient=/);
      // By keyboard: the first row's Technical details opens with Enter.
      await app.execute("document.querySelector(\"[data-testid='ledger-technical'] summary\").focus()");
      await (await app.find("[data-testid='ledger-technical'] summary")).type(Keys.ENTER);
      assert.match(await (await app.find("[data-testid='ledger-technical']")).text(), /GET http:\/\/127\.0\.0\.1:\d+\/fhir\/R4\//);
      assert.deepEqual(await axeViolations(app), [], "axe with the ledger open");
      await app.execute("document.querySelector(\"[data-testid='clinic-ledger']\").scrollIntoView()");
      await saveScreenshot(app, "sessions-ledger");

      // An entry about week 2.
      await openScreen(app, "journal");
      await click(app, "journal-new");
      await fill(app, "entry-body", "Tonight's group helped me name the worry.");
      const picker = await app.waitFor("[data-testid='entry-session']");
      const options = await picker.findAll("option");
      // "Not about a session" plus the sessions that have begun (weeks 1-3).
      assert.ok(options.length >= 4 && options.length <= 5, `offered ${options.length - 1} sessions`);
      const week2 = await app.execute(`
        const select = document.querySelector("[data-testid='entry-session']");
        const option = [...select.options].find((o) => o.text.includes("week 2"));
        select.value = option.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return option.value;`);
      assert.ok(week2);
      await app.execute("document.querySelector(\"[data-testid='entry-session']\").scrollIntoView({ block: 'center' })");
      await saveScreenshot(app, "journal-entry-session");
      await click(app, "entry-done");
      await app.waitFor("[data-testid='journal-item']");
      await click(app, "journal-item");
      const reopened = await app.waitFor("[data-testid='entry-session']");
      assert.equal(await reopened.property("value"), week2, "the link was saved");
      const label = await app.execute(
        "const s = document.querySelector(\"[data-testid='entry-session']\"); return s.options[s.selectedIndex].text;",
      );
      assert.match(label, /Anxiety skills group — week 2 · .*\d/);
      await click(app, "entry-done");

      // In Spanish.
      await openScreen(app, "settings");
      await app.execute(
        "const s = document.querySelector(\"[data-testid='language-select']\"); s.value = 'es'; s.dispatchEvent(new Event('change', { bubbles: true }));",
      );
      await app.waitFor("html[lang='es']");
      await openScreen(app, "sessions");
      assert.match(await (await app.waitFor("[data-testid='clinic-connected']")).text(), /^Conectado a Harmony United Psychiatric Care$/);
      assert.match(await (await app.find("[data-testid='session-cancelled']")).text(), /Cancelada/);
      // The clinic's "week 8" is said in the app's language.
      assert.match(await (await app.find("[data-testid='sessions-upcoming']")).text(), /Anxiety skills group — semana 8/);
      assert.deepEqual(await axeViolations(app), [], "axe in Spanish");
      await saveScreenshot(app, "es-sessions-signed-in");

      // Sign out, keeping what is here: the sign-in is forgotten, the sessions stay for old links.
      await click(app, "clinic-sign-out");
      await click(app, "clinic-sign-out-confirm");
      await app.waitFor("[data-testid='clinic-sign-in']");
      await waitCount(app, "[data-testid='session-item']", 8);
    } finally {
      await app.quit();
    }
  });
});
