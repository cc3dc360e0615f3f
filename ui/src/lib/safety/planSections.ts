import type { PlanItem, SafetyPlan } from "../bindings/types";

/** The safety plan's lists in the order the plan is worked through: its six steps, then reasons. */
export const planSections = [
  "warningSigns",
  "coping",
  "distractions",
  "helpers",
  "professionals",
  "environment",
  "reasons",
] as const;
export type PlanSection = (typeof planSections)[number];

/** The step's number as the plan is worked through (1–6); the reasons for living are not a step. */
export function stepNumber(section: PlanSection): number | null {
  return section === "reasons" ? null : planSections.indexOf(section) + 1;
}

/** Steps that list people and services, whose items may carry a phone number. */
export const withPhone: ReadonlySet<PlanSection> = new Set(["distractions", "helpers", "professionals"]);

export function emptyPlan(): SafetyPlan {
  return { warningSigns: [], coping: [], distractions: [], helpers: [], professionals: [], environment: [], reasons: [], updatedAt: null };
}

export function hasContent(plan: SafetyPlan | null): plan is SafetyPlan {
  return plan !== null && planSections.some((s) => plan[s].some((item) => item.text.trim() !== ""));
}

export function newItem(text = "", phone: string | null = null): PlanItem {
  return { id: crypto.randomUUID(), text, phone };
}
