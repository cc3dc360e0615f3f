import type { Homework } from "../bindings/types";
import { exercise, type Exercise } from "./library";

export type Suggestion = { exercise: Exercise; why: "homework" | "favourite" | "short" };

/** Today's one suggestion: open homework (soonest due) first, else a favourite, else a short breathing exercise. */
export function suggestion(homework: readonly Homework[], favourites: readonly string[]): Suggestion | null {
  const asked = homework.find((h) => h.exercise && h.status !== "completed" && h.status !== "cancelled");
  const fromHomework = asked?.exercise ? exercise(asked.exercise) : undefined;
  if (fromHomework) return { exercise: fromHomework, why: "homework" };
  const favourite = favourites.map((id) => exercise(id)).find((e) => e !== undefined);
  if (favourite) return { exercise: favourite, why: "favourite" };
  const short = exercise("box-breathing");
  return short ? { exercise: short, why: "short" } : null;
}
