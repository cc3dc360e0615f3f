import { onEvent, type EventName, type EventPayloads } from "../bindings/events";

/**
 * Calls `handler` with the payload each time the shell sends `event` (names and payloads
 * come from the generated contract) and returns the stop function, ready to hand back from
 * `onMount`. Outside the desktop shell (UI tests) there is no event bridge, so nothing
 * arrives and stopping is a no-op.
 */
export function onBackendEvent<K extends EventName>(event: K, handler: (payload: EventPayloads[K]) => void): () => void {
  const unlisten = onEvent(event, handler);
  return () => {
    unlisten.then(async (stop) => stop()).catch(() => {});
  };
}
