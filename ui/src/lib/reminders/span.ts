import { t } from "../i18n/index.svelte";

const hour = 60;
const day = 24 * hour;

/** Exactly `minutes`, in the largest unit it fills: "90 minutes", "2 hours", "1 day". */
export function spanText(minutes: number): string {
  if (minutes >= day && minutes % day === 0) return unit("days", minutes / day);
  if (minutes >= hour && minutes % hour === 0) return unit("hours", minutes / hour);
  return unit("minutes", minutes);
}

/** "1 day", "3 hours", "14 minutes": one unit, with literal keys so the i18n check sees them. */
export function unit(kind: "days" | "hours" | "minutes", n: number): string {
  if (kind === "days") return n === 1 ? t("reminders.span.daysOne") : t("reminders.span.days", { n });
  if (kind === "hours") return n === 1 ? t("reminders.span.hoursOne") : t("reminders.span.hours", { n });
  return n === 1 ? t("reminders.span.minutesOne") : t("reminders.span.minutes", { n });
}

/** "2 days 3 hours" — the second unit is left out when it is zero. */
export function pairText(first: string, second: string | null): string {
  return second === null ? first : t("reminders.span.pair", { a: first, b: second });
}
