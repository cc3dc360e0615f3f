import type { StartupMarks } from "../bindings/types";

/** Wall-clock milliseconds now, comparable with the shell's own log times. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** When each step of start-up was reached; sent with `shell_ready` for the start-up log. */
export const startupMarks: StartupMarks = { scriptAt: wallClockMs(), settingsAt: 0, vaultAt: 0, paintedAt: 0 };

/**
 * Resolves once the browser has painted: two animation frames. A hidden window may not
 * run animation frames at all on some platforms, so a timeout stops the app from waiting
 * forever for a window that only becomes visible after this resolves.
 */
export function afterPaint(timeoutMs = 250): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
}

/**
 * Waits for `work`, but no longer than `timeoutMs`. Used so a slow answer (for example a
 * keyring prompt behind the vault status) never keeps the window hidden; the work still
 * finishes and updates the screen when it does.
 */
export function atMost(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void work.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
