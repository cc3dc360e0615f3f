import { fromDateKey } from "../common/format";
import { getLocale } from "../i18n/index.svelte";

/** "18:00:00" (the contract's wall time) → "18:00" for `TimeField`. */
export function toInputTime(time: string): string {
  return time.slice(0, 5);
}

/** What `TimeField` gives ("18:00"; seconds, if any, are dropped) → "18:00:00"; null when empty or partial. */
export function fromInputTime(value: string): string | null {
  const match = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(value);
  return match ? `${match[1]}:${match[2]}:00` : null;
}

/** A wall time such as "18:00:00" in the member's way of writing times ("6:00 PM", "18:00"). */
export function formatWallTime(time: string): string {
  const [hours = 0, minutes = 0] = time.split(":").map(Number);
  return new Intl.DateTimeFormat(getLocale(), { hour: "numeric", minute: "2-digit" }).format(
    new Date(2000, 0, 3, hours, minutes),
  );
}

/** The contract counts Monday as 0 … Sunday as 6. */
export const weekdays = [0, 1, 2, 3, 4, 5, 6] as const;

/** "Monday" / "Mon" for a contract weekday, in the app's language. */
export function weekdayName(day: number, style: "long" | "short" = "long"): string {
  // 1 January 2024 was a Monday.
  return new Intl.DateTimeFormat(getLocale(), { weekday: style }).format(new Date(2024, 0, 1 + day));
}

/** The contract weekday (Monday = 0) of a `YYYY-MM-DD` date. */
export function weekdayOf(dateKey: string): number {
  return (fromDateKey(dateKey).getDay() + 6) % 7;
}

/** A `YYYY-MM-DD` date written out, e.g. "3 Mar 2026". */
export function formatDateKey(dateKey: string): string {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: "medium" }).format(fromDateKey(dateKey));
}
