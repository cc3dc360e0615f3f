/**
 * Calls `ontick` with `read()` now and every `everyMs` after, but only while the page can be
 * seen: a window hidden in the tray does no work, and catches up the moment it shows again.
 * Returns the stop function, ready to hand back from an effect.
 */
export function ticking(read: () => Date, everyMs: number, ontick: (now: Date) => void): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;

  function stop(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  function start(): void {
    stop();
    ontick(read());
    timer = setInterval(() => ontick(read()), everyMs);
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
