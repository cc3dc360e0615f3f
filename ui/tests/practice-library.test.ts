import Ajv2020 from "ajv/dist/2020";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exerciseIds } from "../src/lib/bindings/values";
import en from "../src/lib/i18n/en.json";
import es from "../src/lib/i18n/es.json";
import schema from "../src/lib/practice/exercises/exercise.schema.json";
import { filterLibrary, library, type Exercise } from "../src/lib/practice/library";

const dir = join(__dirname, "../src/lib/practice/exercises");
const files = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "exercise.schema.json");
const read = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), "utf8"));

// The ids logs, favourites and homework refer to. Changing one loses the member's history with it.
const pinned = [
  "box-breathing",
  "breathing-4-7-8",
  "paced-breathing",
  "longer-exhale",
  "senses-5-4-3-2-1",
  "muscle-relaxation",
  "body-scan",
  "leaves-on-a-stream",
  "thought-record",
  "dbt-stop",
  "dbt-tipp",
  "dear-man",
  "opposite-action",
  "self-compassion-break",
];

describe("the exercise library", () => {
  it("has every file valid against the schema", () => {
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    for (const file of files) {
      expect(validate(read(file)) ? [] : validate.errors, file).toEqual([]);
    }
  });

  it("keeps its ids stable, each named by its file, and the backend lists the same", () => {
    expect([...exerciseIds]).toEqual(pinned);
    expect(files.map((f) => f.replace(/\.json$/, "")).sort()).toEqual([...pinned].sort());
    for (const file of files) expect((read(file) as Exercise).id + ".json").toBe(file);
    expect(library.map((e) => e.id)).toEqual(pinned);
  });

  it("says everything in English and Spanish, with no empty step and sane durations", () => {
    for (const e of library) {
      for (const locale of ["en", "es"] as const) {
        const about = e.text[locale];
        for (const words of [about.title, about.origin, about.summary]) expect(words.trim(), `${e.id} ${locale}`).not.toBe("");
        for (const step of e.steps) {
          expect(step.text[locale].trim(), `${e.id} ${locale}`).not.toBe("");
          if (step.kind === "written" && step.hint) expect(step.hint[locale].trim()).not.toBe("");
        }
      }
      expect(e.text.es.title, `${e.id}: the Spanish is not the English`).not.toBe(e.text.en.title);
      const timed = e.steps.reduce((sum, s) => sum + (s.kind === "timed" ? s.seconds : 0), 0);
      expect(timed, e.id).toBeLessThanOrEqual(e.minutes * 60);
      expect(e.minutes, e.id).toBeLessThanOrEqual(30);
      for (const step of e.steps) {
        if (step.kind !== "timed" || !step.breath) continue;
        const cycle = step.breath.reduce((sum, p) => sum + p.seconds, 0);
        expect(cycle, `${e.id}: a breath of 4 to 20 s`).toBeGreaterThanOrEqual(4);
        expect(cycle).toBeLessThanOrEqual(20);
        expect(step.seconds / cycle, `${e.id}: at least two breaths`).toBeGreaterThanOrEqual(2);
      }
      const fields = e.steps.flatMap((s) => (s.kind === "written" ? [s.field] : []));
      expect(new Set(fields).size, `${e.id}: fields are unique`).toBe(fields.length);
      if (e.playableLocked) expect(fields, `${e.id}: nothing to save while locked`).toEqual([]);
    }
  });

  it("has words for every tradition and every 'when it helps' tag it uses, in both languages", () => {
    const tags = new Set(library.flatMap((e) => e.helps));
    for (const words of [en, es]) {
      for (const e of library) expect(words.practice.traditions[e.tradition], e.tradition).toBeTruthy();
      for (const tag of tags) expect(words.practice.helps[tag], tag).toBeTruthy();
    }
  });

  it("lets box breathing and 5-4-3-2-1 be played while locked", () => {
    const locked = library.filter((e) => e.playableLocked).map((e) => e.id);
    expect(locked).toEqual(expect.arrayContaining(["box-breathing", "senses-5-4-3-2-1"]));
  });

  it("filters by tradition, by when it helps and by words in the title, accents aside", () => {
    const none = { tradition: null, helps: null, query: "" };
    expect(filterLibrary(library, "en", { ...none, tradition: "dbt" }).map((e) => e.id)).toEqual([
      "dbt-stop",
      "dbt-tipp",
      "dear-man",
      "opposite-action",
    ]);
    expect(filterLibrary(library, "en", { ...none, helps: "hard-conversation" }).map((e) => e.id)).toContain("dear-man");
    expect(filterLibrary(library, "es", { ...none, query: "respiracion" }).length).toBeGreaterThanOrEqual(3);
    expect(filterLibrary(library, "en", { ...none, query: "zzz" })).toEqual([]);
  });
});
