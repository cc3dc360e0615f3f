/**
 * Calls `ontick` with `read()` now and again after `every` ms (a number, or asked of each tick's
 * time, so a view wakes only when what it shows can change), but only while the page can be seen:
 * a window hidden in the tray does no work, and catches up the moment it shows again.
 * Returns the stop function, ready to hand back from an effect.
 */
export function ticking(read: () => Date, every: number | ((now: Date) => number), ontick: (now: Date) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;

  function stop(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function start(): void {
    stop();
    const now = read();
    ontick(now);
    timer = setTimeout(start, Math.max(1, typeof every === "number" ? every : every(now)));
  }

  function onvisibilitychange(): void {
    if (document.visibilityState === "hidden") stop();
    else start();
  }

  document.addEventListener("visibilitychange", onvisibilitychange);
  if (document.visibilityState === "hidden") ontick(read());
  else start();
  return () => {
    stop();
    document.removeEventListener("visibilitychange", onvisibilitychange);
  };
}
