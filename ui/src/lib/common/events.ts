import { listen } from "@tauri-apps/api/event";

/**
 * Calls `handler` each time the backend sends `event` (for example `backup-finished`)
 * and returns the stop function, ready to hand back from `onMount`. Outside the desktop
 * shell (UI tests) there is no event bridge, so nothing arrives and stopping is a no-op.
 */
export function onBackendEvent(event: string, handler: () => void): () => void {
  const unlisten = listen(event, () => handler());
  return () => {
    unlisten.then(async (stop) => stop()).catch(() => {});
  };
}
