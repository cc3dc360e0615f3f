import type { Locale } from "../i18n/index.svelte";
import data from "./crisis-lines.json";

// Static on purpose: this list must show with no network, no backend and no vault. Each line was
// checked against its operator's own published information; the sources sit beside it in the file.

export type Words = Record<Locale, string>;
/** A web page a line offers (its chat, its WhatsApp), opened in the browser; the backend opens only these. */
export type WebPage = { kind: "chat" | "whatsapp" | "directory"; url: string };
export type CrisisLine = {
  id: string;
  kind: "crisis" | "emergency";
  name: Words;
  what: Words;
  call: string | null;
  /** The option to choose once the call is answered (988's Veterans line is "press 1"). */
  press?: string;
  text: { to: string; message: string | null } | null;
  web?: WebPage[];
  hours: Words | null;
  note: Words | null;
  /** A line for speakers of one language only (Crisis Text Line's Spanish keyword). */
  only?: Locale;
};
/** `nameInSentence` is the name as a sentence says it ("Not in the United States?"), when it differs. */
export type Country = { code: string; name: Words; nameInSentence?: Words; lines: CrisisLine[] };

export const countries: readonly Country[] = data.countries as Country[];
/** Where to look when a country has no crisis line here: a directory of lines worldwide. */
export const elsewhere: { web: WebPage[]; what: Words } = data.elsewhere as { web: WebPage[]; what: Words };

// The country this copy of Alongside is set up for (its clinic's), used until a sync reads the
// clinic's address or the member chooses.
const appDefault = data.defaultCountry;

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

/**
 * Whose lines Need help now lists: the member's choice, else the clinic's country (from its
 * address), else the app's default. Never the desktop's language or region: a Spanish or British
 * desktop says nothing about where the member is, and guessing wrong hides the line they need.
 */
export function countryFor(chosen: string | null, clinic: string | null): Country {
  return country(chosen) ?? country(clinic) ?? (country(appDefault) as Country);
}

/**
 * Whether the desktop's region differs from the country shown while the member has not chosen:
 * the panel then asks "Not in …? Choose your country" without switching by itself.
 */
export function offerToChoose(chosen: string | null, shown: Country, systemTag: string | undefined): boolean {
  const region = regionOf(systemTag);
  return !chosen && region !== null && region !== shown.code;
}

/** A country's lines as a member reading in `locale` sees them. */
export function linesFor(place: Country, locale: Locale): CrisisLine[] {
  return place.lines.filter((line) => !line.only || line.only === locale);
}

/** Whether a country has a line for a crisis, not only its emergency number. */
export function hasCrisisLine(place: Country): boolean {
  return place.lines.some((line) => line.kind === "crisis");
}

/** The country's first crisis line that can be called (for step 5 of the plan and its printed page). */
export function firstCrisisCall(place: Country, locale: Locale): (CrisisLine & { call: string }) | undefined {
  return linesFor(place, locale).find((l): l is CrisisLine & { call: string } => l.kind === "crisis" && l.call !== null);
}

/** The country's emergency number, if this list has one. */
export function emergencyNumber(place: Country): string | null {
  return place.lines.find((l) => l.kind === "emergency")?.call ?? null;
}

/** A `tel:`/`sms:` link of the digits (and a leading +) only: the backend refuses anything else. */
export function contactHref(kind: "tel" | "sms", number: string): string {
  const plus = number.trim().startsWith("+") ? "+" : "";
  return `${kind}:${plus}${number.replace(/\D/g, "")}`;
}
