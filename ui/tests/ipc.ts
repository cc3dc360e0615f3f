import { mockIPC } from "@tauri-apps/api/mocks";
import type { AppError, BackupSettings, Language, VaultStatus } from "../src/lib/bindings/types";
import { FakeJournal } from "./journal-fake";

export type Call = { cmd: string; args: unknown };

type Overrides = Partial<Record<string, (args: Record<string, unknown>) => unknown>>;

export type FakeVault = Partial<VaultStatus> & { passphrase?: string; recoveryCode?: string };

export const testPassphrase = "quiet river lantern";
export const testRecoveryCode = "ABCDE-FGHJK-MNPQR-STVWX";

/** What `vault_suggest_passphrase` answers, by language. */
export const suggestions = {
  en: "orbit maple candle river quiet anchor",
  es: "lámpara río nube verde cielo campana",
} as const;

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
  const backups: BackupSettings = {
    ready: false,
    folder: "/home/member/.local/share/alongside/backups",
    automatic: true,
    backups: [],
    lastError: null,
  };
  const normalise = (code: string) => code.replace(/[\s-]/g, "").toUpperCase();
  const requireUnlocked = () => {
    if (status.state !== "unlocked") fail("locked");
  };
  /** The escalation rule: the current vault passphrase, typed again. */
  const requirePassphrase = (given: unknown) => {
    if (given === null || given === undefined) fail("passphrase_required");
    if (given !== passphrase) fail("wrong_passphrase");
  };
  const exported = (args: Record<string, unknown>, name: string) => {
    requireUnlocked();
    if (args.understood !== true) fail("export_not_acknowledged");
    requirePassphrase(args.passphrase);
    return { path: `${String(args.folder)}/${name}`, count: journal.live().length };
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
          return structuredClone(backups);
        case "backup_configure":
          requireUnlocked();
          if (args.passphrase !== null || args.folder !== backups.folder) requirePassphrase(args.vaultPassphrase);
          if (args.passphrase === null && !backups.ready) fail("backup_no_passphrase");
          if (args.passphrase !== null && !fakeStrength(args.passphrase as string).acceptable) fail("weak_passphrase");
          Object.assign(backups, { ready: true, folder: args.folder as string, automatic: args.automatic as boolean });
          return structuredClone(backups);
        case "export_markdown":
          return exported(args, "Alongside 2026-11-27");
        case "export_json":
          return exported(args, "alongside-2026-11-27.json");
        case "clipboard_copy_secret":
          return null;
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
        case "vault_suggest_passphrase":
          return { passphrase: suggestions[args.language as keyof typeof suggestions] ?? fail("invalid_setting") };
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
          if (args.enabled) requirePassphrase(args.passphrase);
          if (args.enabled && !status.keyringAvailable) fail("keyring_unavailable");
          status.autoUnlock = args.enabled as boolean;
          return { ...status };
        case "vault_change_passphrase":
          requireUnlocked();
          requirePassphrase(args.current);
          if (!fakeStrength(args.next as string).acceptable) fail("weak_passphrase");
          passphrase = args.next as string;
          return null;
        case "vault_new_recovery_code":
          requireUnlocked();
          requirePassphrase(args.passphrase);
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
