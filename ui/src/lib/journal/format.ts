import { getLocale, t } from "../i18n/index.svelte";

export const moodMin = 0;
export const moodMax = 10;
export const moodMid = 5;

/** `YYYY-MM-DD` for a local date. */
export function dateKey(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A `YYYY-MM-DD` key as a local date at midnight. */
export function fromDateKey(key: string): Date {
  const [year = 1970, month = 1, day = 1] = key.split("-").map(Number);
  return new Date(year, month - 1, day);
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

export function formatDayMonth(date: Date): string {
  return new Intl.DateTimeFormat(getLocale(), { month: "long", day: "numeric" }).format(date);
}

export function formatMonthYear(year: number, month: number): string {
  return new Intl.DateTimeFormat(getLocale(), { month: "long", year: "numeric" }).format(new Date(year, month - 1, 1));
}

/** Whole-number mood for display and colour classes. */
export function roundMood(mood: number): number {
  return Math.min(moodMax, Math.max(moodMin, Math.round(mood)));
}

/** "6 of 10", with the word at the ends and the middle of the scale. */
export function moodText(mood: number): string {
  const value = roundMood(mood);
  if (value === moodMin) return t("journal.mood.valueWord", { value, word: t("journal.mood.low") });
  if (value === moodMid) return t("journal.mood.valueWord", { value, word: t("journal.mood.middle") });
  if (value === moodMax) return t("journal.mood.valueWord", { value, word: t("journal.mood.high") });
  return t("journal.mood.value", { value });
}

export function moodClass(mood: number | null): string {
  return mood === null ? "mood-none" : `mood-${roundMood(mood)}`;
}

/** The title, or the first few words of the text when there is no title. */
export function displayTitle(title: string, excerpt: string): string {
  if (title.trim()) return title.trim();
  const words = excerpt.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return t("journal.untitled");
  return words.length > 6 ? `${words.slice(0, 6).join(" ")}…` : words.join(" ");
}
