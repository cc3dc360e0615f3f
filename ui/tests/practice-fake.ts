import type { FakeHandlers } from "./ipc";
import type { AppError, ErrorCode, Homework, PracticeLog, PracticeProgress, Worksheet } from "../src/lib/bindings/types";
import { exerciseIds } from "../src/lib/bindings/values";

function fail(code: ErrorCode): never {
  throw { code, message: `backend says ${code}` } satisfies AppError;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const known = (id: string | null) => id === null || (exerciseIds as readonly string[]).includes(id);

/** In-memory practice that answers the practice commands with the backend's checks. */
export class FakePractice {
  logs: PracticeLog[] = [];
  worksheets: Worksheet[] = [];
  favourites: string[] = [];
  homework: Homework[] = [];
  weeklyGoal = 3;
  streak = 0;
  #next = 1;

  progress(): PracticeProgress {
    const weeks = Array.from({ length: 12 }, (_, i) => ({
      weekStart: `2026-09-${String(7 + i).padStart(2, "0")}`,
      count: i === 11 ? this.logs.length : 0,
    }));
    const by = new Map<string, number[]>();
    for (const l of this.logs) {
      const list = by.get(l.exercise) ?? [];
      if (l.distressBefore !== null && l.distressAfter !== null) list.push(l.distressAfter - l.distressBefore);
      by.set(l.exercise, list);
    }
    const changes = [...by].map(([exercise, d]) => ({
      exercise,
      practices: this.logs.filter((l) => l.exercise === exercise).length,
      rated: d.length,
      averageChange: d.length ? d.reduce((a, b) => a + b, 0) / d.length : null,
    }));
    return { weeklyGoal: this.weeklyGoal, thisWeek: this.logs.length, streak: this.streak, weeks, changes };
  }

  handlers(): FakeHandlers {
    return {
      practice_overview: () =>
        clone({ favourites: this.favourites, preferences: { weeklyGoal: this.weeklyGoal }, homework: this.homework, progress: this.progress() }),
      practice_logs: ({ exercise }) => clone(this.logs.filter((l) => exercise === null || l.exercise === exercise)),
      practice_log_save: ({ draft }) => {
        if (!known(draft.exercise)) fail("exercise_unknown");
        const log: PracticeLog = {
          id: `log-${this.#next++}`,
          exercise: draft.exercise,
          startedAt: new Date(Date.now() - draft.seconds * 1000).toISOString(),
          zone: "Europe/Madrid",
          seconds: draft.seconds,
          distressBefore: draft.distressBefore,
          distressAfter: draft.distressAfter,
          worksheetId: draft.worksheetId,
        };
        this.logs.unshift(log);
        return clone(log);
      },
      practice_log_delete: ({ id }) => {
        const log = this.logs.find((l) => l.id === id) ?? fail("not_found");
        this.logs = this.logs.filter((l) => l.id !== id);
        return clone(log);
      },
      practice_log_restore: ({ log }) => {
        this.logs.unshift(clone(log));
        return clone(log);
      },
      practice_worksheet_save: ({ draft }) => {
        if (!known(draft.exercise)) fail("exercise_unknown");
        const now = new Date().toISOString();
        let sheet = draft.id ? this.worksheets.find((w) => w.id === draft.id) : undefined;
        if (draft.id && !sheet) fail("not_found");
        if (!sheet) {
          sheet = { id: `sheet-${this.#next++}`, exercise: draft.exercise, answers: {}, createdAt: now, updatedAt: now, completedAt: null };
          this.worksheets.unshift(sheet);
        }
        sheet.answers = clone(draft.answers);
        sheet.updatedAt = now;
        if (draft.completed && !sheet.completedAt) sheet.completedAt = now;
        return clone(sheet);
      },
      practice_worksheets: ({ exercise }) => clone(this.worksheets.filter((w) => exercise === null || w.exercise === exercise)),
      practice_worksheet_get: ({ id }) => clone(this.worksheets.find((w) => w.id === id) ?? fail("not_found")),
      practice_worksheet_delete: ({ id }) => {
        const sheet = this.worksheets.find((w) => w.id === id) ?? fail("not_found");
        this.worksheets = this.worksheets.filter((w) => w.id !== id);
        return clone(sheet);
      },
      practice_worksheet_restore: ({ worksheet }) => {
        this.worksheets.unshift(clone(worksheet));
        return clone(worksheet);
      },
      practice_favourite_set: ({ exercise, on }) => {
        if (!known(exercise)) fail("exercise_unknown");
        this.favourites = this.favourites.filter((f) => f !== exercise);
        if (on) this.favourites.push(exercise);
        return [...this.favourites];
      },
      practice_set_preferences: ({ preferences }) => {
        if (preferences.weeklyGoal < 1 || preferences.weeklyGoal > 14) fail("goal_invalid");
        this.weeklyGoal = preferences.weeklyGoal;
        return { weeklyGoal: this.weeklyGoal };
      },
      homework_save: ({ draft }) => {
        if (!known(draft.exercise)) fail("exercise_unknown");
        if (!draft.exercise && draft.description.trim() === "") fail("homework_invalid");
        const now = new Date().toISOString();
        const h: Homework = {
          id: `hw-${this.#next++}`,
          clinicTask: null,
          status: "requested",
          exercise: draft.exercise,
          description: draft.description.trim(),
          due: draft.due,
          zone: "Europe/Madrid",
          createdAt: now,
          updatedAt: now,
          completedAt: null,
        };
        this.homework.push(h);
        return clone(h);
      },
      homework_set_done: ({ id, done }) => {
        const h = this.homework.find((x) => x.id === id) ?? fail("not_found");
        h.status = done ? "completed" : "requested";
        h.completedAt = done ? new Date().toISOString() : null;
        return clone(h);
      },
      homework_delete: ({ id }) => {
        const h = this.homework.find((x) => x.id === id) ?? fail("not_found");
        this.homework = this.homework.filter((x) => x.id !== id);
        return clone(h);
      },
      homework_restore: ({ homework }) => {
        this.homework.push(clone(homework));
        return clone(homework);
      },
    };
  }
}
