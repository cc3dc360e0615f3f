import type { ExerciseId } from "./library";

/** An exercise another screen asked Practice to open (Today's suggestion, homework). */
let pending = $state<ExerciseId | null>(null);

export function requestExercise(id: ExerciseId): void {
  pending = id;
}

/** The request waiting, read reactively by Practice so one made while it is showing opens too. */
export function pendingRequest(): ExerciseId | null {
  return pending;
}

/** Hands over the request once; Practice opens it. */
export function takeRequest(): ExerciseId | null {
  const id = pending;
  pending = null;
  return id;
}
