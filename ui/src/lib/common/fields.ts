import type { Locale } from "../i18n/index.svelte";

// The parts of DateField and TimeField, kept as the member typed them until they make a whole
// date or time. Nothing here reads the desktop's locale: order and clock follow the app's language.

export type DatePart = "day" | "month" | "year";
export type DateParts = Record<DatePart, string>;
export type DateProblem = "incomplete" | "yearDigits" | "impossible" | "early" | "late";

export type TimePart = "hour" | "minute" | "period";
export type Period = "am" | "pm";
export type TimeParts = { hour: string; minute: string; period: Period | "" };
export type TimeProblem = "incomplete" | "impossible";

/** A whole value (or "" when every part is empty), or what is wrong and which parts to mark. */
export type Reading<Part, Problem> = { ok: true; value: string } | { ok: false; problem: Problem; parts: Part[] };

const allDateParts: DatePart[] = ["day", "month", "year"];

/** Spanish writes 27/3/2027; English, as the app writes it (en-US), 3/27/2027. */
export function dateOrder(locale: Locale): DatePart[] {
  return locale === "es" ? ["day", "month", "year"] : ["month", "day", "year"];
}

/** "27 3 2027" in the order the boxes are in. */
export function dateExample(locale: Locale): string {
  const sample: DateParts = { day: "27", month: "3", year: "2027" };
  return dateOrder(locale)
    .map((part) => sample[part])
    .join(" ");
}

/** Whether the app's language writes times with AM/PM. */
export function usesTwelveHours(locale: Locale): boolean {
  return locale === "en";
}

/** Digits only (spaces around are forgiven); anything else is not a number yet. */
function whole(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** "2027-03-07" → 7 / 3 / 2027, as a member would type them; anything else → empty parts. */
export function splitDate(key: string): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!match) return { day: "", month: "", year: "" };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? "" };
}

/** The `YYYY-MM-DD` the parts make, checked against the calendar and the optional bounds. */
export function readDate(parts: DateParts, min?: string, max?: string): Reading<DatePart, DateProblem> {
  if (allDateParts.every((part) => parts[part].trim() === "")) return { ok: true, value: "" };
  const missing = allDateParts.filter((part) => whole(parts[part]) === null);
  if (missing.length > 0) return { ok: false, problem: "incomplete", parts: missing };
  const day = whole(parts.day) ?? 0;
  const month = whole(parts.month) ?? 0;
  const year = whole(parts.year) ?? 0;
  // Two digits would be a guess at the century.
  if (parts.year.trim().length !== 4 || year < 1000) return { ok: false, problem: "yearDigits", parts: ["year"] };
  if (month < 1 || month > 12) return { ok: false, problem: "impossible", parts: ["month"] };
  // Day 0 of the next month is the last day of this one.
  const last = new Date(year, month, 0).getDate();
  if (day < 1 || day > last) return { ok: false, problem: "impossible", parts: day > 31 || day < 1 ? ["day"] : ["day", "month"] };
  const value = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (min && value < min) return { ok: false, problem: "early", parts: allDateParts };
  if (max && value > max) return { ok: false, problem: "late", parts: allDateParts };
  return { ok: true, value };
}

/** 0–23 → 1–12 with AM/PM: midnight is 12 AM, noon 12 PM. */
export function toTwelveHour(hour: number): { hour: number; period: Period } {
  return { hour: hour % 12 === 0 ? 12 : hour % 12, period: hour < 12 ? "am" : "pm" };
}

/** 1–12 with AM/PM → 0–23: 12 AM is 0, 12 PM is 12. */
export function toTwentyFourHour(hour: number, period: Period): number {
  return (hour % 12) + (period === "pm" ? 12 : 0);
}

/** "19:05" → 7 / 05 / PM on a 12-hour clock, 19 / 05 on a 24-hour one; anything else → empty parts. */
export function splitTime(value: string, twelveHours: boolean): TimeParts {
  const match = /^(\d{2}):(\d{2})/.exec(value);
  if (!match) return { hour: "", minute: "", period: "" };
  const hour = Number(match[1]);
  const minute = match[2] ?? "";
  if (!twelveHours) return { hour: String(hour), minute, period: "" };
  const twelve = toTwelveHour(hour);
  return { hour: String(twelve.hour), minute, period: twelve.period };
}

/** The 24-hour `HH:MM` the parts make; "" when hour and minutes are both empty. */
export function readTime(parts: TimeParts, twelveHours: boolean): Reading<TimePart, TimeProblem> {
  if (parts.hour.trim() === "" && parts.minute.trim() === "") return { ok: true, value: "" };
  const hour = whole(parts.hour);
  const minute = whole(parts.minute);
  const missing: TimePart[] = [];
  if (hour === null) missing.push("hour");
  if (minute === null) missing.push("minute");
  if (twelveHours && parts.period === "") missing.push("period");
  if (missing.length > 0 || hour === null || minute === null) return { ok: false, problem: "incomplete", parts: missing };
  const wrong: TimePart[] = [];
  if (twelveHours ? hour < 1 || hour > 12 : hour > 23) wrong.push("hour");
  if (minute > 59) wrong.push("minute");
  if (wrong.length > 0) return { ok: false, problem: "impossible", parts: wrong };
  const hours = twelveHours && parts.period !== "" ? toTwentyFourHour(hour, parts.period) : hour;
  return { ok: true, value: `${pad(hours)}:${pad(minute)}` };
}

/** Ids for `aria-describedby`, skipping the ones not shown; undefined when none are. */
export function idList(...list: (string | false | null | undefined)[]): string | undefined {
  return list.filter(Boolean).join(" ") || undefined;
}
