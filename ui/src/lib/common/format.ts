import { getLocale } from "../i18n/index.svelte";

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

/** "Wed 8:00 PM": a time within the last or next few days. */
export function formatWeekdayTime(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { weekday: "short", hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

export function formatDayMonth(date: Date): string {
  return new Intl.DateTimeFormat(getLocale(), { month: "long", day: "numeric" }).format(date);
}

export function formatMonthYear(year: number, month: number): string {
  return new Intl.DateTimeFormat(getLocale(), { month: "long", year: "numeric" }).format(new Date(year, month - 1, 1));
}

/** "Dec 3, 2026" in the member's language and zone. */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: "medium" }).format(new Date(iso));
}
