import type { Series, SeriesDraft } from "../bindings/types";
import { getLocale, t } from "../i18n/index.svelte";
import { formatDateKey, formatWallTime, weekdayName, weekdayOf } from "./time";

/** As the backend checks. */
export const maxWeeks = 520;

/** The member's own zone, where a new series most likely meets. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Every IANA zone the webview knows, for the zone field's suggestions (none on engines without the list). */
export function knownZones(): string[] {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
}

/**
 * A zone as a member reads it: "Eastern Time (New York)", "hora de Europa central (Madrid)" —
 * the name the language gives it and the place it is named after, never the code.
 */
export function zoneName(zone: string): string {
  const place = zone.split("/").pop()?.replaceAll("_", " ") ?? zone;
  try {
    const named = new Intl.DateTimeFormat(getLocale(), { timeZone: zone, timeZoneName: "longGeneric" })
      .formatToParts(new Date())
      .find((part) => part.type === "timeZoneName")?.value;
    // Engines without a generic name answer "GMT-05:00"; the place alone says more.
    return named && !/^GMT|^UTC|^[+-]\d/.test(named) ? `${named} (${place})` : place;
  } catch {
    return place;
  }
}

/** The part of a series that is saved; saving it again under its id puts it back as it was. */
export function draftOf(series: Series): SeriesDraft {
  const { id, ...draft } = series;
  void id;
  return draft;
}

/** "Every Tuesday at 6:00 PM (Eastern Time (New York))", in the group's own zone. */
export function seriesWhen(series: SeriesDraft): string {
  return t("sessions.hand.when", {
    weekday: weekdayName(weekdayOf(series.firstDate)),
    time: formatWallTime(series.time),
    zone: zoneName(series.zone),
  });
}

/** "8 weeks from 3 Mar 2026" or "Every week from 3 Mar 2026". */
export function seriesSpan(series: SeriesDraft): string {
  const from = formatDateKey(series.firstDate);
  if (series.weeks === null) return t("sessions.hand.everyWeek", { date: from });
  if (series.weeks === 1) return t("sessions.hand.weeksOne", { date: from });
  return t("sessions.hand.weeks", { n: series.weeks, date: from });
}

/** Which field a series error belongs beside; the rest go under the whole form. */
export type SeriesField = "title" | "firstDate" | "time" | "zone" | "weeks" | "videoLink" | "skipped";

const fieldOfKey: Record<string, SeriesField> = {
  "errors.session_title_invalid": "title",
  "errors.zone_unknown": "zone",
  "errors.weeks_out_of_range": "weeks",
  "errors.invalid_link": "videoLink",
  "errors.skipped_too_many": "skipped",
};

export function fieldOf(errorKey: string): SeriesField | null {
  return fieldOfKey[errorKey] ?? null;
}
