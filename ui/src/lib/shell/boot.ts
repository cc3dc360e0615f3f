import type { Settings, VaultStatus } from "../bindings/types";
import { loadSettings } from "../settings/settings.svelte";
import { refreshVault } from "../vault/vault.svelte";
import { atMost, startupMarks, wallClockMs } from "./startup";

/** How long start-up waits for the vault status before showing the window anyway. */
export const STATUS_WAIT_MS = 2000;

declare global {
  interface Window {
    /** Asked by `index.html` before the page's script has loaded; taken once, here. */
    __firstAnswers?: { settings: Promise<Settings>; vault: Promise<VaultStatus>; answeredAt?: number };
  }
}

/**
 * The two answers the first screen needs, asked together. `index.html` asks before the script
 * has loaded, so the round trip runs while it is parsed and the shell mounts; `main.ts` takes
 * those answers before mounting, and a shell mounted without them (as in tests) asks itself.
 */
export function askFirstAnswers(): Promise<void> {
  const asked = window.__firstAnswers;
  // Taken once: a later refresh must ask again, not read the start's answers.
  delete window.__firstAnswers;
  return Promise.all([
    loadSettings(asked?.settings).then(() => {
      startupMarks.answeredAt = asked?.answeredAt ?? 0;
      startupMarks.settingsAt = wallClockMs();
    }),
    atMost(refreshVault(asked?.vault), STATUS_WAIT_MS).then(() => (startupMarks.vaultAt = wallClockMs())),
  ]).then(() => undefined);
}
