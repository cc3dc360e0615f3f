import type { QuietHours, Routine } from "../bindings/types";
import { t } from "../i18n/index.svelte";
import { spanText } from "./span";

/** The lead times offered as checkboxes; any other saved one shows as a removable chip. */
export const presetLeads = [0, 15, 60, 1440] as const;
/** As the backend checks: at most seven days before. */
export const maxLeadMinutes = 7 * 24 * 60;

export function isPreset(minutes: number): boolean {
  return (presetLeads as readonly number[]).includes(minutes);
}

/** Saved lead times that are not one of the checkboxes, soonest first. */
export function customLeads(leads: readonly number[]): number[] {
  return leads.filter((minutes) => !isPreset(minutes)).sort((a, b) => a - b);
}

/** `leads` with `minutes` added or taken out, sorted and without repeats (as the backend keeps them). */
export function withLead(leads: readonly number[], minutes: number, on: boolean): number[] {
  const rest = leads.filter((m) => m !== minutes);
  return (on ? [...rest, minutes] : rest).sort((a, b) => a - b);
}

/** A typed "minutes before": a whole number from 1 to seven days, or null. */
export function parseLead(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const minutes = Number(trimmed);
  return minutes >= 1 && minutes <= maxLeadMinutes ? minutes : null;
}

/** "At start", "15 minutes before", "1 day before". */
export function leadLabel(minutes: number): string {
  return minutes === 0 ? t("reminders.settings.leads.atStart") : t("reminders.settings.leads.before", { time: spanText(minutes) });
}

/** Quiet hours offered when the member first turns them on. */
export const defaultQuietHours: QuietHours = { start: "22:00:00", end: "07:00:00" };

/** A new journal reminder in the evening, every day; the backend gives it an id. */
export function newRoutine(): Routine {
  return { id: "", kind: "journal", time: "20:00:00", weekdays: [], enabled: true };
}

/** `days` with `day` added or taken out, in week order. */
export function withWeekday(days: readonly number[], day: number, on: boolean): number[] {
  const rest = days.filter((d) => d !== day);
  return (on ? [...rest, day] : rest).sort((a, b) => a - b);
}

/** Routines as the backend lists them: by time of day. */
export function sortRoutines(routines: Routine[]): Routine[] {
  return [...routines].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
}
