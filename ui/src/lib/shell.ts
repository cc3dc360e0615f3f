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
