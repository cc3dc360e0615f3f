import type { FakeHandlers } from "./ipc";
import type { AppError, Band, ErrorCode, Instrument, SafetyPlan, SafetyPreferences, SelfCheck } from "../src/lib/bindings/types";

function fail(code: ErrorCode): never {
  throw { code, message: `backend says ${code}` } satisfies AppError;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function emptyPlan(): SafetyPlan {
  return { warningSigns: [], coping: [], distractions: [], helpers: [], professionals: [], environment: [], reasons: [], updatedAt: null };
}

/** The published cut-points, as the backend scores them. */
function band(instrument: Instrument, total: number): Band {
  if (total <= 4) return "minimal";
  if (total <= 9) return "mild";
  if (total <= 14) return "moderate";
  if (instrument === "phq-9" && total <= 19) return "moderately-severe";
  return "severe";
}

/** In-memory safety plan and self-checks with the backend's checks; `copy` is the locked copy. */
export class FakeSafety {
  plan: SafetyPlan = emptyPlan();
  checks: SelfCheck[] = [];
  /** What the vault opens with (the fake backend's default). */
  vaultPassphrase = "quiet river lantern";
  /** Results a send of which was tried: deleting one says the clinic may hold it. */
  sentChecks = new Set<string>();
  preferences: SafetyPreferences = { planReadableLocked: false, sharePhq9: false, shareGad7: false, checkEveryDays: 14 };
  copy: SafetyPlan | null = null;
  saves = 0;
  #next = 1;

  /** Commands that need the vault open (the caller wraps them). */
  handlers(): FakeHandlers {
    return {
      safety_overview: () => clone({ plan: this.plan, preferences: this.preferences, checks: this.checks }),
      safety_plan_save: ({ plan }) => {
        this.saves++;
        this.plan = { ...clone(plan), updatedAt: "2026-12-03T10:00:00.000Z" };
        if (this.preferences.planReadableLocked) this.copy = clone(this.plan);
        return clone(this.plan);
      },
      safety_plan_set_readable_locked: ({ on }) => {
        this.preferences.planReadableLocked = on;
        this.copy = on ? clone(this.plan) : null;
        return clone(this.preferences);
      },
      safety_plan_print: () => null,
      safety_plan_export: ({ folder, understood, passphrase }) => {
        if (!understood) fail("export_not_acknowledged");
        if (!passphrase) fail("passphrase_required");
        if (passphrase !== this.vaultPassphrase) fail("wrong_passphrase");
        return `${folder}/Safety plan 2026-12-03.html`;
      },
      self_check_take: ({ draft }) => {
        if (draft.answers.some((a) => a === null)) fail("check_unanswered");
        const answers = draft.answers as number[];
        const total = answers.reduce((a, b) => a + b, 0);
        const check: SelfCheck = {
          id: `check-${this.#next++}`,
          instrument: draft.instrument,
          takenAt: "2026-12-03T10:00:00.000Z",
          zone: "America/New_York",
          answers,
          difficulty: draft.difficulty,
          score: { total, max: answers.length * 3, band: band(draft.instrument, total), helpFirst: draft.instrument === "phq-9" && (answers[8] ?? 0) > 0 },
          shared: draft.instrument === "phq-9" ? this.preferences.sharePhq9 : this.preferences.shareGad7,
        };
        this.checks.unshift(check);
        return clone(check);
      },
      self_check_delete: ({ id }) => {
        const check = this.checks.find((c) => c.id === id) ?? fail("not_found");
        this.checks = this.checks.filter((c) => c.id !== id);
        return { check: clone(check), maybeAtClinic: this.sentChecks.has(id) };
      },
      self_check_restore: ({ check }) => {
        this.checks.unshift(clone(check));
        return clone(check);
      },
      safety_set_sharing: ({ instrument, on }) => {
        if (instrument === "phq-9") this.preferences.sharePhq9 = on;
        else this.preferences.shareGad7 = on;
        return clone(this.preferences);
      },
      safety_set_check_every: ({ days }) => {
        if (days !== null && (days < 7 || days > 90)) fail("check_cadence_invalid");
        this.preferences.checkEveryDays = days;
        return clone(this.preferences);
      },
    };
  }
}
