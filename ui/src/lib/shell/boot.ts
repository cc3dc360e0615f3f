import { loadSettings } from "../settings/settings.svelte";
import { refreshVault } from "../vault/vault.svelte";
import { atMost, startupMarks, wallClockMs } from "./startup";

/** How long start-up waits for the vault status before showing the window anyway. */
export const STATUS_WAIT_MS = 2000;

/**
 * The two answers the first screen needs, asked together. `main.ts` asks as the script starts,
 * before Svelte mounts the shell, so the round trip runs while the shell mounts; a shell mounted
 * without them (as in tests) asks itself.
 */
export function askFirstAnswers(): Promise<void> {
  return Promise.all([
    loadSettings().then(() => (startupMarks.settingsAt = wallClockMs())),
    atMost(refreshVault(), STATUS_WAIT_MS).then(() => (startupMarks.vaultAt = wallClockMs())),
  ]).then(() => undefined);
}
