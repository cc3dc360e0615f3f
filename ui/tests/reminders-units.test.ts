import { afterEach, describe, expect, it, vi } from "vitest";
import type { Series } from "../src/lib/bindings/types";
import { setLocale } from "../src/lib/i18n/index.svelte";
import { customLeads, leadLabel, parseLead, withLead, withWeekday } from "../src/lib/reminders/preferences";
import { spanText } from "../src/lib/reminders/span";
import { formatWallTime, fromInputTime, toInputTime, weekdayName, weekdayOf } from "../src/lib/reminders/time";
import { draftOf, fieldOf, seriesSpan, seriesWhen } from "../src/lib/reminders/series";
import { ticking } from "../src/lib/common/clock";
import { countdownText, joinState, nextSession, untilChange } from "../src/lib/today/next";

const minute = 60_000;

describe("lead times", () => {
  it("keeps them sorted without repeats, and finds the ones that are not checkboxes", () => {
    expect(withLead([1440, 15], 60, true)).toEqual([15, 60, 1440]);
    expect(withLead([15, 60], 60, true)).toEqual([15, 60]);
    expect(withLead([15, 60], 15, false)).toEqual([60]);
    expect(customLeads([1440, 90, 0, 30, 15])).toEqual([30, 90]);
  });

  it("takes whole minutes from 1 to seven days", () => {
    expect(parseLead(" 30 ")).toBe(30);
    expect(parseLead("10080")).toBe(10080);
    for (const bad of ["", "0", "-5", "2.5", "10081", "abc"]) expect(parseLead(bad)).toBeNull();
  });

  it("names them in the largest unit they fill", () => {
    expect(leadLabel(0)).toBe("When it starts");
    expect(leadLabel(1)).toBe("1 minute before");
    expect(leadLabel(90)).toBe("90 minutes before");
    expect(leadLabel(120)).toBe("2 hours before");
    expect(leadLabel(2880)).toBe("2 days before");
    setLocale("es");
    expect(leadLabel(60)).toBe("1 hora antes");
    expect(spanText(45)).toBe("45 minutos");
  });

  it("keeps weekdays in week order", () => {
    expect(withWeekday([4, 0], 2, true)).toEqual([0, 2, 4]);
    expect(withWeekday([0, 2], 0, false)).toEqual([2]);
  });
});

describe("wall times and weekdays", () => {
  it("moves between the contract's times and TimeField's", () => {
    expect(toInputTime("18:05:00")).toBe("18:05");
    expect(fromInputTime("18:05")).toBe("18:05:00");
    expect(fromInputTime("18:05:30")).toBe("18:05:00");
    expect(fromInputTime("")).toBeNull();
    expect(fromInputTime("8:5")).toBeNull();
  });

  it("writes them the member's way, Monday first", () => {
    expect(formatWallTime("18:00:00")).toBe("6:00 PM");
    expect(weekdayName(0)).toBe("Monday");
    expect(weekdayName(6, "short")).toBe("Sun");
    expect(weekdayOf("2026-03-03")).toBe(1);
    expect(weekdayOf("2026-03-08")).toBe(6);
    setLocale("es");
    expect(formatWallTime("18:00:00")).toBe("18:00");
    expect(weekdayName(2)).toBe("miércoles");
  });
});

describe("a series in words", () => {
  const series: Series = {
    id: "s1",
    title: "Grupo",
    firstDate: "2026-03-03",
    time: "19:00:00",
    zone: "Europe/Madrid",
    weeks: 1,
    videoLink: null,
    skipped: [],
    allowedInQuietHours: false,
  };

  it("says when it meets and for how long", () => {
    expect(seriesWhen(series)).toBe("Every Tuesday at 7:00 PM, Central European Time (Madrid)");
    expect(seriesSpan(series)).toBe("1 week, starting Mar 3, 2026");
    expect(seriesSpan({ ...series, weeks: 12 })).toBe("12 weeks, starting Mar 3, 2026");
    setLocale("es");
    expect(seriesWhen(series)).toBe("Cada martes a las 19:00, hora de Europa central (Madrid)");
    expect(seriesSpan({ ...series, weeks: null })).toBe("Todas las semanas, a partir del 3 mar 2026");
  });

  it("keeps everything but the id for saving again, and puts errors beside their field", () => {
    expect(draftOf(series)).not.toHaveProperty("id");
    expect(draftOf(series)).toMatchObject({ title: "Grupo", zone: "Europe/Madrid" });
    expect(fieldOf("errors.zone_unknown")).toBe("zone");
    expect(fieldOf("errors.invalid_link")).toBe("videoLink");
    expect(fieldOf("errors.database")).toBeNull();
  });
});

describe("the next session", () => {
  const base = { endsAt: null, title: "", cancelled: false, handEntered: false, videoLink: "https://v.example/" };
  const start = Date.parse("2026-12-05T13:30:00Z");
  const s = { ...base, id: "a", startsAt: new Date(start).toISOString() };

  it("counts down in days and hours, hours and minutes, then minutes, rounding up", () => {
    expect(countdownText(start, start - (2 * 1440 + 3 * 60 + 20) * minute)).toBe("Starts in 2 days 3 hours");
    expect(countdownText(start, start - 1440 * minute)).toBe("Starts in 1 day");
    expect(countdownText(start, start - 65 * minute)).toBe("Starts in 1 hour 5 minutes");
    expect(countdownText(start, start - 14 * minute - 10_000)).toBe("Starts in 15 minutes");
    expect(countdownText(start, start - 30_000)).toBe("Starts in 1 minute");
    expect(countdownText(start, start)).toBe("Happening now");
    setLocale("es");
    expect(countdownText(start, start - (1440 + 120) * minute)).toBe("Empieza en 1 día y 2 horas");
  });

  it("wakes the card only when what it shows can change: the countdown's minute, Join, the end", () => {
    expect(untilChange(s, start - 14 * minute - 10_000)).toBe(10_000);
    expect(untilChange(s, start - 10 * minute)).toBe(minute);
    expect(untilChange(s, start - 1)).toBe(1);
    // Under way: nothing changes until it ends.
    expect(untilChange(s, start + 30 * minute)).toBe(60 * minute);
    expect(untilChange(null, start)).toBe(Number.POSITIVE_INFINITY);
    // Join opens on a minute of the countdown, so it is one of those wakes.
    const wake = start - 10 * minute - 25_000;
    expect(joinState(s, wake + untilChange(s, wake) - 1)).toBe("early");
    expect(joinState(s, wake + untilChange(s, wake))).toBe("open");
  });

  it("opens Join from ten minutes before until the end, given or taken as 90 minutes", () => {
    expect(joinState(s, start - 10 * minute - 1)).toBe("early");
    expect(joinState(s, start - 10 * minute)).toBe("open");
    expect(joinState(s, start + 89 * minute)).toBe("open");
    expect(joinState(s, start + 90 * minute)).toBe("over");
    expect(joinState({ ...s, endsAt: new Date(start + 30 * minute).toISOString() }, start + 31 * minute)).toBe("over");
    expect(joinState({ ...s, videoLink: null }, start)).toBe("noLink");
  });

  it("skips cancelled and finished sessions, whatever order they come in", () => {
    const later = { ...s, id: "later", startsAt: new Date(start + 7 * 1440 * minute).toISOString() };
    const off = { ...s, id: "off", startsAt: new Date(start - 1440 * minute).toISOString(), cancelled: true };
    expect(nextSession([later, off, s], start - 1440 * minute)?.id).toBe("a");
    expect(nextSession([later, s], start + 91 * minute)?.id).toBe("later");
    expect(nextSession([off], 0)).toBeNull();
  });
});

describe("the ticking clock", () => {
  afterEach(() => {
    vi.useRealTimers();
    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
  });

  it("ticks only while the window can be seen, and stops when told", () => {
    vi.useFakeTimers();
    const ontick = vi.fn();
    const stop = ticking(() => new Date(), 1000, ontick);
    vi.advanceTimersByTime(3000);
    expect(ontick).toHaveBeenCalledTimes(4);

    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
    vi.advanceTimersByTime(5000);
    expect(ontick).toHaveBeenCalledTimes(4);

    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
    expect(ontick).toHaveBeenCalledTimes(5);

    stop();
    vi.advanceTimersByTime(5000);
    expect(ontick).toHaveBeenCalledTimes(5);
  });
});
