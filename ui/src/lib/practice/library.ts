import { exerciseIds } from "../bindings/values";
import type { Locale } from "../i18n/index.svelte";

/** One exercise file (`exercises/<id>.json`, checked against `exercise.schema.json`). */
export type ExerciseId = (typeof exerciseIds)[number];
export type Tradition = "cbt" | "dbt" | "act" | "mindfulness" | "relaxation";
export type Helps =
  | "racing-heart"
  | "panic"
  | "worry"
  | "cant-sleep"
  | "overwhelmed"
  | "tension"
  | "anger"
  | "urge"
  | "stuck-thought"
  | "low-mood"
  | "self-criticism"
  | "hard-conversation"
  | "disconnected";
export type Words = Record<Locale, string>;
export type BreathPhase = { phase: "in" | "hold" | "out" | "rest"; seconds: number };
export type Step =
  | { kind: "timed"; seconds: number; text: Words; breath?: BreathPhase[] }
  | { kind: "guided"; text: Words }
  | { kind: "written"; field: string; answer: "text" | "rating"; text: Words; hint?: Words };
export type About = { title: string; origin: string; summary: string };
export type Exercise = {
  id: ExerciseId;
  tradition: Tradition;
  minutes: number;
  helps: Helps[];
  playableLocked: boolean;
  text: Record<Locale, About>;
  steps: Step[];
};

export const traditions: readonly Tradition[] = ["cbt", "dbt", "act", "mindfulness", "relaxation"];

// Bundled with the UI: the library works offline, locked, and before any IPC.
const files = import.meta.glob<Exercise>("./exercises/*-*.json", { eager: true, import: "default" });

/** The library in the backend's order (which also names every file). */
export const library: readonly Exercise[] = exerciseIds.flatMap((id) => {
  const found = files[`./exercises/${id}.json`];
  return found ? [found] : [];
});

export function exercise(id: string): Exercise | undefined {
  return library.find((e) => e.id === id);
}

/** Whether an exercise has answers to save (and so needs the vault open). */
export function isWritten(e: Exercise): boolean {
  return e.steps.some((s) => s.kind === "written");
}

/** The library filtered as the member asked: a tradition, a "when it helps", words in the title. */
export function filterLibrary(
  all: readonly Exercise[],
  locale: Locale,
  filter: { tradition: Tradition | null; helps: Helps | null; query: string },
): Exercise[] {
  const query = filter.query.trim().toLocaleLowerCase(locale);
  return all.filter(
    (e) =>
      (filter.tradition === null || e.tradition === filter.tradition) &&
      (filter.helps === null || e.helps.includes(filter.helps)) &&
      (query === "" || fold(e.text[locale].title, locale).includes(fold(query, locale))),
  );
}

/** Lower case without accents, so "respiracion" finds "Respiración". */
function fold(text: string, locale: Locale): string {
  return text
    .toLocaleLowerCase(locale)
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "");
}
