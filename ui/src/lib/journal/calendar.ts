import type { Locale } from "../i18n/index.svelte";

/** Day the week starts on (0 = Sunday), as calendars in each language usually show it. */
export function weekStart(locale: Locale): number {
  return locale === "es" ? 1 : 0;
}

/** Weeks of the month as rows of day numbers, with `null` for cells outside the month. */
export function monthGrid(year: number, month: number, firstDay: number): Array<Array<number | null>> {
  const daysInMonth = new Date(year, month, 0).getDate();
  const offset = (new Date(year, month - 1, 1).getDay() - firstDay + 7) % 7;
  const cells: Array<number | null> = [...Array<null>(offset).fill(null)];
  for (let day = 1; day <= daysInMonth; day += 1) cells.push(day);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<number | null>> = [];
  for (let index = 0; index < cells.length; index += 7) weeks.push(cells.slice(index, index + 7));
  return weeks;
}

/** Weekday names starting at `firstDay`, from a week known to start on a Sunday. */
export function weekdayNames(locale: Locale, firstDay: number, style: "short" | "long"): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: style });
  return Array.from({ length: 7 }, (_, index) => format.format(new Date(2024, 0, 7 + ((firstDay + index) % 7))));
}

export function shiftMonth(year: number, month: number, by: number): { year: number; month: number } {
  const date = new Date(year, month - 1 + by, 1);
  return { year: date.getFullYear(), month: date.getMonth() + 1 };
}
