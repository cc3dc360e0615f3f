// Generated from the Rust contract by scripts/gen-bindings; do not edit.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { LockReason, ReminderShown, TransferProgress } from "./types";

export const events = {
  vaultLocked: "vault-locked",
  backupFinished: "backup-finished",
  transferProgress: "transfer-progress",
  sessionsUpdated: "sessions-updated",
  reminderShown: "reminder-shown",
  remindersChanged: "reminders-changed",
  openScreen: "open-screen",
  closeAsked: "close-asked",
} as const;

/** What each event carries. */
export type EventPayloads = {
  "vault-locked": LockReason;
  "backup-finished": null;
  "transfer-progress": TransferProgress;
  "sessions-updated": null;
  "reminder-shown": ReminderShown;
  "reminders-changed": null;
  "open-screen": string;
  "close-asked": null;
};

export type EventName = keyof EventPayloads;

/** Listens to one of the shell's events with its payload typed. */
export function onEvent<K extends EventName>(name: K, handler: (payload: EventPayloads[K]) => void): Promise<UnlistenFn> {
  return listen<EventPayloads[K]>(name, (event) => handler(event.payload));
}
