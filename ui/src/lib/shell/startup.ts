import type { StartupMarks } from "../bindings/types";

/** Wall-clock milliseconds now, comparable with the shell's own log times. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** When each step of start-up was reached; sent with `shell_ready` for the start-up log. */
export const startupMarks: StartupMarks = { scriptAt: wallClockMs(), modulesAt: 0, shellAt: 0, answeredAt: 0, settingsAt: 0, vaultAt: 0, mountedAt: 0, paintedAt: 0 };

/**
 * Resolves once the page is ready to be seen. The desktop window starts hidden (so there is
 * no blank white frame) and a hidden page runs no animation frames, so there the layout is
 * done now and WebKit paints it when the shell shows the window; waiting for frames would
 * only run down the timeout. A visible page (a plain browser) waits two animation frames.
 */
export function afterPaint(timeoutMs = 250): Promise<void> {
  if (document.visibilityState === "hidden") {
    // Reading a layout property makes WebKit compute styles and layout before the window shows.
    void document.body.offsetHeight;
    return Promise.resolve();
  }
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
