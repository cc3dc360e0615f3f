import { mockIPC } from "@tauri-apps/api/mocks";
import type { CommandArgs, CommandName, CommandResults } from "../src/lib/bindings/commands";
import type { AppError, BackupSettings, ClinicStatus, ErrorCode, HelpContact, Language, VaultStatus } from "../src/lib/bindings/types";
import { FakeJournal } from "./journal-fake";
import { FakePractice } from "./practice-fake";
import { FakeReminders } from "./reminders-fake";
import { FakeSafety } from "./safety-fake";

export type Call = { cmd: string; args: unknown };

/** What can be sent with a sign-in that was granted everything asked for. */
export const allAbilities = { rsvp: true, agree: true, homework: true, shareChecks: true } as const;

/** `clinic_status` of a member who never signed in. */
export const signedOutStatus: ClinicStatus = {
  address: null,
  signedIn: false,
  expired: false,
  lastSyncedAt: null,
  sessions: 0,
  contact: null,
  can: { rsvp: false, agree: false, homework: false, shareChecks: false },
  askWiderSignIn: false,
  unshared: [],
  outboxWaiting: 0,
};

/** Fake answers, typed by the generated contract: a renamed command or argument breaks them at svelte-check. */
export type FakeHandlers = {
  [K in CommandName]?: (args: CommandArgs[K]) => CommandResults[K] | Promise<CommandResults[K]>;
};

export type Overrides = FakeHandlers;

export type FakeVault = Partial<VaultStatus> & { passphrase?: string; recoveryCode?: string };

export const testPassphrase = "quiet river lantern";
export const testRecoveryCode = "ABCDE-FGHJK-MNPQR-STVWX";

/** What `vault_suggest_passphrase` answers, by language. */
export const suggestions = {
  en: "orbit maple candle river quiet anchor",
  es: "lámpara río nube verde cielo campana",
} as const;

export function fail(code: ErrorCode): never {
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
export function fakeBackend(
  overrides: Overrides = {},
  vault: FakeVault = {},
  journal: FakeJournal = new FakeJournal(),
  reminders: FakeReminders = new FakeReminders(),
  practice: FakePractice = new FakePractice(),
  safety: FakeSafety = new FakeSafety(),
): Call[] {
  const calls: Call[] = [];
  let language: Language = "en";
  let autoLockMinutes: number | null = 5;
  let closeToTray: boolean | null = null;
  let crisisCountry: string | null = null;
  // What a sync read from the clinic's address; the fake's `settings_get` override sets it in tests.
  const clinicCountry: string | null = null;
  let helpContact: HelpContact | null = null;
  let autostart = false;
  let passphrase = vault.passphrase ?? testPassphrase;
  let recoveryCode = vault.recoveryCode ?? testRecoveryCode;
  const status: VaultStatus = {
    state: vault.state ?? "unlocked",
    autoUnlock: vault.autoUnlock ?? false,
    keyringAvailable: vault.keyringAvailable === undefined ? true : vault.keyringAvailable,
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
  const exported = (args: CommandArgs["export_json"], name: string) => {
    requireUnlocked();
    if (args.understood !== true) fail("export_not_acknowledged");
    requirePassphrase(args.passphrase);
    return { path: `${String(args.folder)}/${name}`, count: journal.live().length };
  };

  const settings = () => ({ language, autoLockMinutes, closeToTray, crisisCountry, clinicCountry, helpContact });
  const reminderHandlers = { ...reminders.handlers(), ...practice.handlers(), ...safety.handlers() };
  const handlers: FakeHandlers = {
    ...journal.handlers(),
    // The reminder, practice and safety commands need the vault open, as the backend's do.
    ...(Object.fromEntries(
      Object.entries(reminderHandlers).map(([name, handler]) => [
        name,
        (args: never) => {
          requireUnlocked();
          return (handler as (args: never) => unknown)(args);
        },
      ]),
    ) as FakeHandlers),
    settings_get: () => settings(),
    settings_set_language: (args) => {
      language = args.language as Language;
      return settings();
    },
    settings_set_auto_lock: (args) => {
      autoLockMinutes = args.minutes as number | null;
      return settings();
    },
    settings_set_close_to_tray: (args) => {
      closeToTray = args.on;
      return settings();
    },
    settings_set_crisis_country: (args) => {
      if (args.country !== null && !/^[A-Z]{2}$/.test(args.country)) fail("invalid_setting");
      crisisCountry = args.country;
      return settings();
    },
    settings_set_help_contact: (args) => {
      helpContact = args.contact;
      return settings();
    },
    // The locked copy reads without the vault, as the backend's does.
    safety_plan_locked: () => (safety.copy ? structuredClone(safety.copy) : null),
    clipboard_copy_text: () => null,
    autostart_get: () => autostart,
    autostart_set: (args) => {
      autostart = args.on;
      return autostart;
    },
    shell_close: () => null,
    reminder_act: () => null,
    app_info: () => ({ version: "1.2.3", dataDir: "/home/member/.local/share/alongside" }),
    backup_settings: () => {
      requireUnlocked();
      return structuredClone(backups);
    },
    backup_configure: (args) => {
      requireUnlocked();
      if (args.passphrase !== null || args.folder !== backups.folder) requirePassphrase(args.vaultPassphrase);
      if (args.passphrase === null && !backups.ready) fail("backup_no_passphrase");
      if (args.passphrase !== null && !fakeStrength(args.passphrase as string).acceptable) fail("weak_passphrase");
      Object.assign(backups, { ready: true, folder: args.folder as string, automatic: args.automatic as boolean });
      return structuredClone(backups);
    },
    export_markdown: (args) => exported(args, "Alongside 2026-11-27"),
    export_json: (args) => exported(args, "alongside-2026-11-27.json"),
    clipboard_copy_secret: () => null,
    home_folder: () => "/home/member",
    clinic_status: () => {
      requireUnlocked();
      return { ...signedOutStatus, sessions: journal.sessions.length };
    },
    clinic_outbox: () => {
      requireUnlocked();
      return [];
    },
    programme_list: () => {
      requireUnlocked();
      return [];
    },
    clinic_ledger: () => {
      requireUnlocked();
      return [];
    },
    sessions_list: () => {
      requireUnlocked();
      return [...journal.sessions, ...reminders.sessions()].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    },
    // Plain exports: acknowledged, and the vault passphrase typed again.
    sessions_export_ics: ({ folder, understood, passphrase }) => {
      requireUnlocked();
      if (!understood) fail("export_not_acknowledged");
      requirePassphrase(passphrase);
      return `${folder}/alongside-sessions.ics`;
    },
    open_contact_link: () => null,
    open_web_link: () => null,
    shell_ready: () => null,
    vault_status: () => ({ ...status }),
    vault_probe_keyring: () => ({ ...status }),
    vault_check_passphrase: (args) => fakeStrength(args.passphrase as string),
    vault_suggest_passphrase: (args) => ({ passphrase: suggestions[args.language as keyof typeof suggestions] ?? fail("invalid_setting") }),
    vault_create: (args) => {
      if (status.state !== "absent") fail("vault_exists");
      if (!fakeStrength(args.passphrase as string).acceptable) fail("weak_passphrase");
      passphrase = args.passphrase as string;
      status.state = "unlocked";
      return { code: recoveryCode };
    },
    vault_unlock: (args) => {
      if (args.passphrase !== passphrase) fail("wrong_passphrase");
      status.state = "unlocked";
      status.autoUnlockFailed = false;
      return { ...status };
    },
    vault_lock: () => {
      status.state = "locked";
      return { ...status };
    },
    vault_touch: () => {
      requireUnlocked();
      return null;
    },
    vault_set_auto_unlock: (args) => {
      requireUnlocked();
      if (args.enabled) requirePassphrase(args.passphrase);
      if (args.enabled && !status.keyringAvailable) fail("keyring_unavailable");
      status.autoUnlock = args.enabled as boolean;
      return { ...status };
    },
    vault_change_passphrase: (args) => {
      requireUnlocked();
      requirePassphrase(args.current);
      if (!fakeStrength(args.next as string).acceptable) fail("weak_passphrase");
      passphrase = args.next as string;
      return null;
    },
    vault_new_recovery_code: (args) => {
      requireUnlocked();
      requirePassphrase(args.passphrase);
      recoveryCode = "NEWCO-DENEW-CODEN-EWCOD";
      return { code: recoveryCode };
    },
    vault_reset_with_recovery: (args) => {
      if (normalise(args.code as string) !== normalise(recoveryCode)) fail("wrong_recovery_code");
      passphrase = args.next as string;
      status.state = "unlocked";
      return { ...status };
    },
  };

  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      const name = cmd as CommandName;
      const override = overrides[name] as ((args: never) => unknown) | undefined;
      if (override) return override(args as never);
      if (cmd.startsWith("journal_")) requireUnlocked();
      const handler = handlers[name] as ((args: never) => unknown) | undefined;
      return handler ? handler(args as never) : fail("internal");
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
