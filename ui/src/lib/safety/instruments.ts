import type { Band, Instrument } from "../bindings/types";
import type { Locale } from "../i18n/index.svelte";
import gad7 from "./instruments/gad-7.json";
import phq9 from "./instruments/phq-9.json";

// The instruments' published wording, character for character, with its sources in the files;
// `ui/tests/instruments.test.ts` pins every string. The backend scores; this only shows.

export type Wording = {
  title: string;
  stem: string;
  options: string[];
  items: string[];
  difficulty: { question: string; options: string[] } | null;
};
type File = { id: Instrument; copyright: Record<Locale, string | null>; text: { en: Wording; es: Wording | null } };

const files: Record<Instrument, File> = { "phq-9": phq9 as File, "gad-7": gad7 as File };
export const instruments: readonly Instrument[] = ["phq-9", "gad-7"];

/** The wording for the member's language; the English instrument when no published one is confirmed. */
export function wording(instrument: Instrument, locale: Locale): { text: Wording; copyright: string; englishOnly: boolean } {
  const file = files[instrument];
  const own = file.text[locale];
  const text = own ?? file.text.en;
  return {
    text,
    copyright: (own ? file.copyright[locale] : null) ?? file.copyright.en ?? "",
    englishOnly: own === null,
  };
}

export function itemCount(instrument: Instrument): number {
  return files[instrument].text.en.items.length;
}

/** PHQ-9 item 9 (thoughts of death or self-harm) answered above "Not at all". */
export function helpFirst(instrument: Instrument, answers: readonly (number | null)[]): boolean {
  return instrument === "phq-9" && (answers[8] ?? 0) > 0;
}

export const bandKeys: Record<Band, string> = {
  minimal: "safety.check.result.minimal",
  mild: "safety.check.result.mild",
  moderate: "safety.check.result.moderate",
  "moderately-severe": "safety.check.result.moderately-severe",
  severe: "safety.check.result.severe",
};
