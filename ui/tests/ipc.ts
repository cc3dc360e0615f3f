import { mockIPC } from "@tauri-apps/api/mocks";
import type { AppError, Language, VaultStatus } from "../src/lib/bindings/types";
import { FakeJournal } from "./journal-fake";

export type Call = { cmd: string; args: unknown };

type Overrides = Partial<Record<string, (args: Record<string, unknown>) => unknown>>;

export type FakeVault = Partial<VaultStatus> & { passphrase?: string; recoveryCode?: string };

export const testPassphrase = "quiet river lantern";
export const testRecoveryCode = "ABCDE-FGHJK-MNPQR-STVWX";

export function fail(code: string): never {
  throw { code, message: `backend says ${code}` } satisfies AppError;
}

/** Strength by length alone, so tests can pick a score: 4 characters per point, acceptable from 3. */
export function fakeStrength(passphrase: string): { score: number; acceptable: boolean } {
  const score = Math.min(4, Math.floor(passphrase.length / 4));
  return { score, acceptable: score >= 3 };
}

/**
 * Installs a fake backend with sensible answers and records every command it receives.
 * The vault starts unlocked unless `vault` says otherwise; events can be sent with `emit`.
 */
export function fakeBackend(overrides: Overrides = {}, vault: FakeVault = {}, journal: FakeJournal = new FakeJournal()): Call[] {
  const calls: Call[] = [];
  let language: Language = "en";
  let autoLockMinutes: number | null = 5;
  let passphrase = vault.passphrase ?? testPassphrase;
  let recoveryCode = vault.recoveryCode ?? testRecoveryCode;
  const status: VaultStatus = {
    state: vault.state ?? "unlocked",
    autoUnlock: vault.autoUnlock ?? false,
    keyringAvailable: vault.keyringAvailable ?? true,
    autoUnlockFailed: vault.autoUnlockFailed ?? false,
    retryAfterSecs: vault.retryAfterSecs ?? null,
  };
  const normalise = (code: string) => code.replace(/[\s-]/g, "").toUpperCase();
  const requireUnlocked = () => {
    if (status.state !== "unlocked") fail("locked");
  };

  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      const override = overrides[cmd];
      if (override) return override(args);
      if (cmd.startsWith("journal_")) {
        requireUnlocked();
        return journal.handle(cmd, args);
      }
      switch (cmd) {
        case "settings_get":
          return { language, autoLockMinutes };
        case "settings_set_language":
          language = args.language as Language;
          return { language, autoLockMinutes };
        case "settings_set_auto_lock":
          autoLockMinutes = args.minutes as number | null;
          return { language, autoLockMinutes };
        case "app_info":
          return { version: "1.2.3", dataDir: "/home/member/.local/share/alongside" };
        case "backup_settings":
          requireUnlocked();
          return { ready: false, folder: "/home/member/.local/share/alongside/backups", automatic: true, backups: [], lastError: null };
        case "home_folder":
          return "/home/member";
        case "clinic_status":
          requireUnlocked();
          return { address: null, signedIn: false, lastSyncedAt: null, sessions: journal.sessions.length };
        case "clinic_ledger":
          requireUnlocked();
          return [];
        case "sessions_list":
          requireUnlocked();
          return [...journal.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
        case "open_contact_link":
        case "open_web_link":
        case "shell_ready":
          return null;
        case "vault_status":
          return { ...status };
        case "vault_check_passphrase":
          return fakeStrength(args.passphrase as string);
        case "vault_create":
          if (status.state !== "absent") fail("vault_exists");
          if (!fakeStrength(args.passphrase as string).acceptable) fail("weak_passphrase");
          passphrase = args.passphrase as string;
          status.state = "unlocked";
          return { code: recoveryCode };
        case "vault_unlock":
          if (args.passphrase !== passphrase) fail("wrong_passphrase");
          status.state = "unlocked";
          status.autoUnlockFailed = false;
          return { ...status };
        case "vault_lock":
          status.state = "locked";
          return { ...status };
        case "vault_touch":
          requireUnlocked();
          return null;
        case "vault_set_auto_unlock":
          requireUnlocked();
          if (args.enabled && !status.keyringAvailable) fail("keyring_unavailable");
          status.autoUnlock = args.enabled as boolean;
          return { ...status };
        case "vault_change_passphrase":
          requireUnlocked();
          if (args.current !== passphrase) fail("wrong_passphrase");
          if (!fakeStrength(args.next as string).acceptable) fail("weak_passphrase");
          passphrase = args.next as string;
          return null;
        case "vault_new_recovery_code":
          requireUnlocked();
          if (args.passphrase !== passphrase) fail("wrong_passphrase");
          recoveryCode = "NEWCO-DENEW-CODEN-EWCOD";
          return { code: recoveryCode };
        case "vault_reset_with_recovery":
          if (normalise(args.code as string) !== normalise(recoveryCode)) fail("wrong_recovery_code");
          passphrase = args.next as string;
          status.state = "unlocked";
          return { ...status };
        default:
          return fail("internal");
      }
    },
    { shouldMockEvents: true },
  );
  return calls;
}

export function reject(error: AppError): () => Promise<never> {
  return () => Promise.reject(error);
}

export function commandsOf(calls: Call[]): string[] {
  return calls.map((call) => call.cmd);
}
