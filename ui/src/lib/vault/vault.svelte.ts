import { commands } from "../bindings/commands";
import type { LockReason, VaultStatus } from "../bindings/types";
import { onEvent, events } from "../bindings/events";
import { codeKey, isAppError, onLockedAnswer } from "../common/errors";

type VaultStore = {
  /** `null` until the first answer from the backend. */
  status: VaultStatus | null;
  /** Message key when the status could not be read at all. */
  loadError: string | null;
  /** Set between creating the vault and finishing setup, so setup is not cut short by the now-open vault. */
  setupPending: boolean;
  /** Why the vault last locked, for a gentle note on the unlock screen. */
  lockReason: LockReason | null;
};

export const vault = $state<VaultStore>({ status: null, loadError: null, setupPending: false, lockReason: null });

export type Gate = "loading" | "error" | "setup" | "unlock" | "open";

export function gate(): Gate {
  if (vault.setupPending) return "setup";
  if (vault.status === null) return vault.loadError ? "error" : "loading";
  if (vault.status.state === "absent") return "setup";
  if (vault.status.state === "locked") return "unlock";
  return "open";
}

/** True whenever the backend holds the vault open, including the last steps of setup. */
export function isOpen(): boolean {
  return vault.setupPending || vault.status?.state === "unlocked";
}

export function applyStatus(status: VaultStatus): void {
  vault.status = status;
  vault.loadError = null;
  if (status.state === "unlocked") vault.lockReason = null;
}

export async function refreshVault(asked?: Promise<VaultStatus>): Promise<void> {
  try {
    applyStatus(await (asked ?? commands.vaultStatus()));
  } catch (error) {
    // Not errorKey: a `locked` answer here would only ask for this same refresh again.
    vault.loadError = isAppError(error) ? codeKey(error.code) : "errors.unknown";
  }
}

/**
 * Asks whether the desktop's keyring answers. Start-up leaves it unasked unless the vault
 * opens through it, so screens that offer automatic unlock call this when they appear.
 */
export async function probeKeyring(): Promise<void> {
  try {
    applyStatus(await commands.vaultProbeKeyring());
  } catch {
    // The status already says "unavailable" or "not asked"; the next screen asks again.
  }
}

// A `locked` answer to any command means the vault closed underneath the screen
// (idle or session lock): read the state again so the unlock screen comes up.
onLockedAnswer(() => void refreshVault());

/** Switches to the unlock screen; the screens holding anything private are unmounted with it. */
export function markLocked(reason: LockReason): void {
  vault.setupPending = false;
  vault.lockReason = reason;
  if (vault.status) vault.status = { ...vault.status, state: "locked", autoUnlockFailed: false };
  else void refreshVault();
}

export async function lockNow(): Promise<void> {
  try {
    const status = await commands.vaultLock();
    vault.lockReason = "manual";
    applyStatus(status);
  } catch {
    // Whatever happened, show what the backend really has rather than guessing.
    await refreshVault();
  }
}

function isLockReason(value: unknown): value is LockReason {
  return value === "manual" || value === "idle" || value === "screen_lock";
}

/** Follows locks the backend makes by itself. Resolves to a stop function, or null outside the desktop shell. */
export async function listenForLocks(): Promise<(() => void) | null> {
  try {
    const unlisten = await onEvent(events.vaultLocked, (reason: unknown) => {
      markLocked(isLockReason(reason) ? reason : "idle");
    });
    return () => void unlisten();
  } catch {
    // Outside the desktop shell there is no event bridge; nothing can lock by itself there.
    return null;
  }
}
