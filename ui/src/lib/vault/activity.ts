export const activityEvents = ["keydown", "pointerdown", "wheel"] as const;
export const activityIntervalMs = 15_000;

/**
 * Wraps `report` so it runs at most once per `intervalMs`. The first activity is reported at
 * once; activity during the quiet window is reported once when the window ends, so the idle
 * timer never runs short.
 */
export function throttleActivity(report: () => void, intervalMs = activityIntervalMs): { note: () => void; stop: () => void } {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function fire(): void {
    timer = undefined;
    last = Date.now();
    report();
  }

  return {
    note() {
      if (timer !== undefined) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Listens for keyboard, pointer and wheel use on `target`; returns a function that stops listening. */
export function watchActivity(target: EventTarget, report: () => void, intervalMs = activityIntervalMs): () => void {
  const throttle = throttleActivity(report, intervalMs);
  const options = { capture: true, passive: true };
  for (const name of activityEvents) target.addEventListener(name, throttle.note, options);
  return () => {
    for (const name of activityEvents) target.removeEventListener(name, throttle.note, options);
    throttle.stop();
  };
}
