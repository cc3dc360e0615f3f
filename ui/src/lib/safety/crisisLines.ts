import type { Locale } from "../i18n/index.svelte";
import data from "./crisis-lines.json";

// Static on purpose: this list must show with no network, no backend and no vault. Each line was
// checked against its operator's own published information; the sources sit beside it in the file.

export type Words = Record<Locale, string>;
export type CrisisLine = {
  id: string;
  kind: "crisis" | "emergency";
  name: Words;
  what: Words;
  call: string | null;
  text: { to: string; message: string | null } | null;
  hours: Words | null;
  note: Words | null;
};
export type Country = { code: string; name: Words; lines: CrisisLine[] };

export const countries: readonly Country[] = data.countries as Country[];

export function country(code: string | null): Country | undefined {
  return countries.find((c) => c.code === code);
}

/** The region a locale tag names ("es-MX" → "MX"); none is guessed from the language alone. */
export function regionOf(tag: string | undefined): string | null {
  if (!tag) return null;
  try {
    return new Intl.Locale(tag).region ?? null;
  } catch {
    return null;
  }
}

/** The member's choice, else the desktop's region, else the United States (the clinic's country). */
export function countryFor(chosen: string | null, systemTag: string | undefined): Country {
  return country(chosen) ?? country(regionOf(systemTag)) ?? (countries[0] as Country);
}

/** A `tel:`/`sms:` link of the digits (and a leading +) only: the backend refuses anything else. */
export function contactHref(kind: "tel" | "sms", number: string): string {
  const plus = number.trim().startsWith("+") ? "+" : "";
  return `${kind}:${plus}${number.replace(/\D/g, "")}`;
}
