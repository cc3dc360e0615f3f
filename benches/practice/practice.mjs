// Called by scripts/bench-practice inside a desktop session.
// Usage: node practice.mjs PREPARE_VAULT RUNS

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshDataDir, launch } from "../../tests/e2e/app.mjs";

const [prepare, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 10);
const here = dirname(fileURLToPath(import.meta.url));
const paced = JSON.parse(readFileSync(join(here, "../../ui/src/lib/practice/exercises/paced-breathing.json"), "utf8"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Clicks a nav link and resolves with the ms until the first frame after `selector` appeared.
const NAVIGATE = `
  const [route, selectors, done] = arguments;
  const t0 = performance.now();
  const seen = {};
  document.querySelector("[data-testid='nav-" + route + "']").click();
  (function look() {
    for (const s of selectors) if (!(s in seen) && document.querySelector(s)) seen[s] = null;
    requestAnimationFrame(() => {
      // A frame began after the element was in the page: it is painted by now.
      for (const s of selectors) if (seen[s] === null) seen[s] = performance.now() - t0;
      if (selectors.every((s) => typeof seen[s] === "number")) done(selectors.map((s) => seen[s]));
      else look();
    });
  })();`;

// Notes each change of the digits the player shows (breath count | time left | step), with the
// time it entered the page and the start of the next frame.
const RECORD = `
  const q = (id) => document.querySelector("[data-testid='" + id + "']");
  const read = () => ["breath-count", "player-left", "player-step"].map((id) => (q(id)?.textContent ?? "").replace(/\\D+/g, " ").trim()).join("|");
  window.__marks = [];
  let last = read();
  new MutationObserver(() => {
    const shown = read();
    if (shown === last) return;
    last = shown;
    const mark = { dom: performance.now(), frame: null, shown };
    window.__marks.push(mark);
    requestAnimationFrame(() => (mark.frame = performance.now()));
  }).observe(q("player"), { subtree: true, childList: true, characterData: true });
  window.__t0 = performance.now();
  q("player-next").click();`;

/** What the player should show at `ms` into the timed step, as the digits it shows. */
function expected(step, index, total, ms) {
  const cycle = step.breath.reduce((s, p) => s + p.seconds * 1000, 0);
  let into = ms % cycle;
  let count = 0;
  for (const p of step.breath) {
    if (into < p.seconds * 1000) {
      count = Math.max(1, Math.ceil((p.seconds * 1000 - into) / 1000));
      break;
    }
    into -= p.seconds * 1000;
  }
  const left = Math.ceil(Math.max(0, step.seconds * 1000 - ms) / 1000);
  return `${count}|${Math.floor(left / 60)} ${String(left % 60).padStart(2, "0")}|${index + 1} ${total}`;
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1], min: sorted[0] };
}
const f = (n) => n.toFixed(1);

async function main() {
  const dataDir = freshDataDir();
  spawnSync(prepare, [`--data-dir=${dataDir}`, "--auto-unlock", "--practice=150"], { stdio: "inherit" });
  const app = await launch(dataDir);
  try {
    await app.waitFor("[data-testid='screen-today']", 20000);
    await sleep(3000);
    const targets = ["[data-testid='screen-practice'] h1", "[data-testid='practice-progress']"];
    const firstNav = await app.executeAsync(NAVIGATE, ["practice", targets]);
    const again = [];
    for (let i = 0; i < runs; i++) {
      await app.executeAsync(NAVIGATE, ["today", ["[data-testid='screen-today'] h1"]]);
      await sleep(500);
      again.push(await app.executeAsync(NAVIGATE, ["practice", targets]));
    }
    console.log(`Practice first paint after navigation, first time: heading ${f(firstNav[0])} ms, everything ${f(firstNav[1])} ms`);
    const h = stats(again.map((a) => a[0]));
    const all = stats(again.map((a) => a[1]));
    console.log(`  again (${runs}): heading median ${f(h.median)} ms, max ${f(h.max)}; everything median ${f(all.median)} ms, max ${f(all.max)}`);

    await (await app.waitFor("[data-exercise='paced-breathing'] [data-testid='library-start']")).click();
    await (await app.waitFor("[data-testid='distress-skip']")).click();
    await app.waitFor("[data-testid='player-next']");
    const timedIndex = paced.steps.findIndex((s) => s.kind === "timed");
    const step = paced.steps[timedIndex];
    await app.execute(RECORD);
    console.log(`Playing paced breathing: ${step.seconds} s with the real clock…`);
    await sleep(step.seconds * 1000 + 3000);
    const { t0, marks } = await app.execute("return { t0: window.__t0, marks: window.__marks };");

    // Every moment the shown digits should change, from 1 ms on, and what they change to.
    let before = expected(step, timedIndex, paced.steps.length, 0);
    const due = [{ at: 0, shown: before }];
    for (let ms = 1; ms <= step.seconds * 1000; ms++) {
      const now = ms === step.seconds * 1000 ? `${""}|${""}|${timedIndex + 2} ${paced.steps.length}` : expected(step, timedIndex, paced.steps.length, ms);
      if (now !== before) due.push({ at: ms, shown: now });
      before = now;
    }
    const late = [];
    let missing = 0;
    let from = 0;
    for (const d of due) {
      const i = marks.findIndex((m, k) => k >= from && m.shown === d.shown);
      if (i < 0) {
        missing++;
        continue;
      }
      from = i + 1;
      late.push({ dom: marks[i].dom - t0 - d.at, frame: (marks[i].frame ?? marks[i].dom) - t0 - d.at });
    }
    const extra = marks.length - late.length;
    const dom = stats(late.map((l) => l.dom));
    const frame = stats(late.map((l) => l.frame));
    const end = late[late.length - 1];
    console.log(`  changes due: ${due.length}; shown on time or late: ${late.length}; never shown: ${missing}; shown but not due: ${extra}`);
    console.log(`  lateness into the page: median ${f(dom.median)} ms, p95 ${f(dom.p95)}, max ${f(dom.max)}, min ${f(dom.min)}`);
    console.log(`  lateness to the next frame: median ${f(frame.median)} ms, p95 ${f(frame.p95)}, max ${f(frame.max)}`);
    console.log(`  drift at the end (the next step shown − ${step.seconds} s after start): ${f(end.dom)} ms (frame ${f(end.frame)} ms)`);
  } finally {
    await app.quit();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
