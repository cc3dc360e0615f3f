// Every screen as a member sees it, with the clinic connected and something
// written: at 1280×860, at a small laptop window (1024×640) and at 200 %
// page zoom, light and dark, English and Spanish. Nothing runs off the side
// (text reflows, WCAG 1.4.10), axe stays clean, and a Spanish screen shows
// no English and nothing that looks like a code, an id or a URL — except
// words marked as another language (a crisis line's quoted source), as the
// clinic's own (the names and titles it wrote) or as not for translating (a
// path on the member's computer).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Keys } from "./webdriver.mjs";
import { SCREENS, axeViolations, click, darkDriver, fill, launchUnlocked, openScreen, saveScreenshot, visit, zoomTo } from "./app.mjs";

const SIZES = [
  { name: "1280x860", width: 1280, height: 860, zoom: 1 },
  { name: "1024x640", width: 1024, height: 640, zoom: 1 },
  { name: "zoom200", width: 1280, height: 860, zoom: 2 },
];

// Words of the app's own English that have no place on a Spanish screen.
const ENGLISH = [
  "the", "and", "your", "you", "with", "for", "this", "that", "week", "theme", "facilitator", "session", "sessions",
  "save", "cancel", "delete", "settings", "today", "journal", "not set", "next", "back", "open", "close", "read",
  "sent", "new entry", "taking part", "minutes", "reminder", "practice", "group", "clinic", "details", "before", "after",
];
// What a code, an id or a machine's address looks like.
const CODES = [
  [/\b[a-z]+[A-Z][A-Za-z]+\b/, "a camelCase code"],
  [/\b[a-z]+_[a-z_]+\b/, "a snake_case code"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i, "an id"],
  // An address with a host (a hint may name the scheme a link starts with).
  [/\bhttps?:\/\/\w/, "a URL"],
  [/\b(GET|POST|PUT|PATCH|DELETE) \//, "a request"],
  [/\b[A-Z][A-Za-z]+\/[A-Za-z0-9-]{6,}/, "a FHIR reference"],
  [/[?&][a-z_:]+=/, "a query string"],
];

/** The words on screen a member reads, leaving out other languages and the clinic's own words. */
const VISIBLE_WORDS = `
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    if (el.closest("script, style, [hidden], [aria-hidden='true'], [data-clinic-words], [translate='no'], details:not([open]) > :not(summary)")) continue;
    const lang = el.closest("[lang]")?.getAttribute("lang") ?? "";
    if (!lang.startsWith("es")) continue;
    if (!el.checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) && el.getClientRects().length === 0) continue;
    out.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder], [aria-label], [title]")) {
    if (el.closest("[data-clinic-words], [translate='no'], [hidden]") || !(el.closest("[lang]")?.getAttribute("lang") ?? "").startsWith("es")) continue;
    for (const a of ["placeholder", "aria-label", "title"]) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
  return out;`;

function notSpanish(texts) {
  const found = [];
  for (const text of texts) {
    for (const word of ENGLISH) {
      if (new RegExp(`(^|[^\\p{L}])${word}([^\\p{L}]|$)`, "iu").test(text)) found.push(`English "${word}" in "${text}"`);
    }
    for (const [pattern, what] of CODES) if (pattern.test(text)) found.push(`${what} in "${text}"`);
  }
  return found;
}

async function setLanguage(app, lang) {
  await openScreen(app, "settings");
  await app.execute(
    `const s = document.querySelector("[data-testid='language-select']"); s.value = '${lang}'; s.dispatchEvent(new Event('change', { bubbles: true }));`,
  );
  await app.waitFor(`html[lang='${lang}']`);
}

/** A member's ordinary week: the clinic connected, an entry written. */
async function lived(app) {
  await openScreen(app, "sessions");
  await (await app.waitFor("[data-testid='clinic-address']")).type(Keys.ENTER);
  await app.waitFor("[data-testid='clinic-connected']", 30000);
  await openScreen(app, "journal");
  await click(app, "journal-new");
  await fill(app, "entry-body", "Paseo tranquilo junto al río.");
  const until = Date.now() + 10000;
  while (!/saved/i.test(await (await app.find("[data-testid='save-status']")).text())) {
    assert.ok(Date.now() < until, "the entry was never saved");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every screen at every size in one language and theme; returns what was wrong. */
async function walk(app, lang, theme) {
  const problems = [];
  for (const size of SIZES) {
    await app.cmd("POST", "/window/rect", { width: size.width, height: size.height });
    await zoomTo(app, size.zoom);
    for (const screen of SCREENS) {
      await visit(app, screen, size.zoom);
      await app.executeAsync("const done = arguments[arguments.length - 1]; setTimeout(done, 300);");
      const label = `${lang}-${theme}-${size.name}-${screen}`;
      const overflow = await app.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
      if (overflow > 1) problems.push(`${label}: runs ${overflow} px off the side`);
      if (lang === "es") for (const p of notSpanish(await app.execute(VISIBLE_WORDS))) problems.push(`${label}: ${p}`);
      await saveScreenshot(app, `look-${label}`);
      if (size.zoom === 1 && size.width === 1280) {
        const axe = await axeViolations(app);
        if (axe.length) problems.push(`${label}: axe ${JSON.stringify(axe)}`);
      }
    }
  }
  await zoomTo(app, 1);
  return [...new Set(problems)];
}

/** The Spanish views behind the screens: help, a note with "I can't make it", a session's form, a self-check, an exercise, homework. */
async function spanishViews(app) {
  const problems = [];
  const walkView = async (label) => {
    for (const p of notSpanish(await app.execute(VISIBLE_WORDS))) problems.push(`es-${label}: ${p}`);
    await saveScreenshot(app, `look-es-${label}`);
  };
  await (await app.find("[data-testid='help-button']")).click();
  await app.waitFor("[data-testid='help-panel'][open]");
  await walkView("help");
  await app.keys(Keys.ESCAPE);
  await app.waitGone("[data-testid='help-panel'][open]");
  await openScreen(app, "sessions");
  // "I can't make it" and its note to the facilitators, shown as it will be sent; left unsent.
  await (await app.waitFor("[data-testid='sessions-upcoming'] [data-testid='session-reply-no']")).click();
  await (await app.waitFor("[data-testid='decline-note']")).type("Esta semana trabajo hasta tarde.");
  await app.waitFor("[data-testid='decline-preview']");
  await walkView("decline-note");
  await click(app, "decline-cancel");
  await click(app, "hand-add");
  await app.waitFor("[data-testid='series-form']");
  await walkView("series-form");
  await openScreen(app, "safety");
  await click(app, "check-take-phq-9");
  await app.waitFor("[data-testid='questionnaire']");
  await walkView("self-check");
  await openScreen(app, "practice");
  await click(app, "homework-add");
  await walkView("homework-form");
  await (await app.waitFor("[data-testid='library-start']")).click();
  await app.waitFor("[data-testid='player']");
  await walkView("exercise");
  return problems;
}

describe("the look", () => {
  for (const theme of ["light", "dark"]) {
    test(`every screen at three sizes in English and Spanish, ${theme}`, { skip: theme === "dark" && !darkDriver && "no dark driver" }, async () => {
      const app = await launchUnlocked(undefined, theme === "dark" ? { via: darkDriver } : undefined);
      try {
        await lived(app);
        const problems = [...(await walk(app, "en", theme))];
        await setLanguage(app, "es");
        problems.push(...(await walk(app, "es", theme)));
        if (theme === "light") problems.push(...(await spanishViews(app)));
        assert.deepEqual(problems, []);
      } finally {
        await app.quit();
      }
    });
  }
});
