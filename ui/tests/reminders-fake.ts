import type { FakeHandlers } from "./ipc";
import type { AppError, ErrorCode, Overview, Preferences, Routine, Series, Session, Upcoming } from "../src/lib/bindings/types";

function fail(code: ErrorCode): never {
  throw { code, message: `backend says ${code}` } satisfies AppError;
}

const dayMs = 86_400_000;

/** A copy as the IPC bridge makes one (JSON): what a view sends may be one of its reactive proxies. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** In-memory reminders that answer the reminder commands with the backend's checks and errors. */
export class FakeReminders {
  preferences: Preferences = { leads: [15, 1440], quietHours: null, showDetails: false, clinicAllowedInQuietHours: false };
  series: Series[] = [];
  routines: Routine[] = [];
  upcoming: Upcoming[] = [];
  missed: Upcoming[] = [];
  desktopNotifications: boolean | null = null;
  #next = 1;

  overview(): Overview {
    return clone({
      preferences: this.preferences,
      series: this.series,
      routines: this.routines,
      upcoming: this.upcoming,
      missed: this.missed,
      desktopNotifications: this.desktopNotifications,
    });
  }

  /** Up to four weekly occurrences of each series, the way `sessions_list` adds them. */
  sessions(): Session[] {
    return this.series.flatMap((series) => {
      const first = new Date(`${series.firstDate}T${series.time}`).getTime();
      return Array.from({ length: Math.min(series.weeks ?? 4, 4) }, (_, week) => ({
        id: `hand:${series.id}:${week}`,
        startsAt: new Date(first + week * 7 * dayMs).toISOString(),
        endsAt: null,
        title: series.title,
        cancelled: false,
        handEntered: true,
        videoLink: series.videoLink,
      }));
    });
  }

  /** Answers the reminder commands (the vault check is the caller's). */
  handlers(): FakeHandlers {
    return {
      reminders_overview: () => this.overview(),
      reminders_set_preferences: ({ preferences }) => {
        const leads = [...new Set(preferences.leads)].sort((a, b) => a - b);
        if (leads.length > 8 || leads.some((m) => m < 0 || m > 7 * 1440)) fail("lead_time_invalid");
        if (preferences.quietHours && preferences.quietHours.start === preferences.quietHours.end) fail("quiet_hours_invalid");
        this.preferences = { ...clone(preferences), leads };
        return clone(this.preferences);
      },
      reminders_save_series: ({ id, draft }) => {
        if (!draft.title.trim() || draft.title.length > 120) fail("session_title_invalid");
        if (!draft.zone.includes("/") && draft.zone !== "UTC") fail("zone_unknown");
        if (draft.weeks !== null && (draft.weeks < 1 || draft.weeks > 520)) fail("weeks_out_of_range");
        if (draft.videoLink !== null && !/^https?:\/\/\S+$/.test(draft.videoLink)) fail("invalid_link");
        if (draft.skipped.length > 520) fail("skipped_too_many");
        const saved: Series = { ...clone(draft), id: id ?? `series-${this.#next++}`, skipped: [...new Set(draft.skipped)].sort() };
        const at = this.series.findIndex((s) => s.id === saved.id);
        if (at >= 0) this.series[at] = saved;
        else this.series.push(saved);
        return clone(saved);
      },
      reminders_remove_series: ({ id }) => {
        const found = this.series.find((s) => s.id === id) ?? null;
        this.series = this.series.filter((s) => s.id !== id);
        return clone(found);
      },
      reminders_save_routine: ({ routine }) => {
        if (new Set(routine.weekdays).size !== routine.weekdays.length || routine.weekdays.some((d) => d > 6)) fail("routine_invalid");
        const saved: Routine = { ...clone(routine), id: routine.id || `routine-${this.#next++}` };
        const at = this.routines.findIndex((r) => r.id === saved.id);
        if (at >= 0) this.routines[at] = saved;
        else this.routines.push(saved);
        return clone(saved);
      },
      reminders_remove_routine: ({ id }) => {
        this.routines = this.routines.filter((r) => r.id !== id);
        return null;
      },
    };
  }
}
