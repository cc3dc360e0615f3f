// Generated from the Rust types by scripts/gen-bindings; do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo, CalendarDay, Entry, EntryDraft, EntrySummary, Language, MoodBucket, MoodPoint, PassphraseStrength, RecoveryCode, SearchHit, SearchQuery, Settings, TimelineCursor, TimelinePage, VaultStatus } from "./types";

export const commands = {
  appInfo: (): Promise<AppInfo> => invoke("app_info"),
  journalCalendar: (year: number, month: number): Promise<Array<CalendarDay>> => invoke("journal_calendar", { year, month }),
  journalEmptyTrash: (): Promise<number> => invoke("journal_empty_trash"),
  journalGet: (id: string): Promise<Entry> => invoke("journal_get", { id }),
  journalMoodSeries: (bucket: MoodBucket, count: number): Promise<Array<MoodPoint>> => invoke("journal_mood_series", { bucket, count }),
  journalOnThisDay: (): Promise<Array<EntrySummary>> => invoke("journal_on_this_day"),
  journalRestore: (id: string): Promise<Entry> => invoke("journal_restore", { id }),
  journalSave: (draft: EntryDraft): Promise<Entry> => invoke("journal_save", { draft }),
  journalSearch: (query: SearchQuery): Promise<Array<SearchHit>> => invoke("journal_search", { query }),
  journalTimeline: (before: TimelineCursor | null, limit: number): Promise<TimelinePage> => invoke("journal_timeline", { before, limit }),
  journalTrash: (id: string): Promise<Entry> => invoke("journal_trash", { id }),
  journalTrashList: (): Promise<Array<EntrySummary>> => invoke("journal_trash_list"),
  openContactLink: (uri: string): Promise<null> => invoke("open_contact_link", { uri }),
  openWebLink: (url: string): Promise<null> => invoke("open_web_link", { url }),
  settingsGet: (): Promise<Settings> => invoke("settings_get"),
  settingsSetAutoLock: (minutes: number | null): Promise<Settings> => invoke("settings_set_auto_lock", { minutes }),
  settingsSetLanguage: (language: Language): Promise<Settings> => invoke("settings_set_language", { language }),
  shellReady: (): Promise<null> => invoke("shell_ready"),
  vaultChangePassphrase: (current: string, next: string): Promise<null> => invoke("vault_change_passphrase", { current, next }),
  vaultCheckPassphrase: (passphrase: string): Promise<PassphraseStrength> => invoke("vault_check_passphrase", { passphrase }),
  vaultCreate: (passphrase: string): Promise<RecoveryCode> => invoke("vault_create", { passphrase }),
  vaultLock: (): Promise<VaultStatus> => invoke("vault_lock"),
  vaultNewRecoveryCode: (passphrase: string): Promise<RecoveryCode> => invoke("vault_new_recovery_code", { passphrase }),
  vaultResetWithRecovery: (code: string, next: string): Promise<VaultStatus> => invoke("vault_reset_with_recovery", { code, next }),
  vaultSetAutoUnlock: (enabled: boolean): Promise<VaultStatus> => invoke("vault_set_auto_unlock", { enabled }),
  vaultStatus: (): Promise<VaultStatus> => invoke("vault_status"),
  vaultTouch: (): Promise<null> => invoke("vault_touch"),
  vaultUnlock: (passphrase: string): Promise<VaultStatus> => invoke("vault_unlock", { passphrase }),
};
