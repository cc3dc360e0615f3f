// Generated from the Rust contract by scripts/gen-bindings; do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo, BackupFile, BackupSettings, CalendarDay, ClinicStatus, DeletedCheck, Entry, EntryDraft, EntrySummary, ExportDone, HelpContact, Homework, HomeworkDraft, ImportReport, Instrument, Language, LedgerEntry, LogDraft, MoodBucket, MoodPoint, NoticeAction, OutboxItem, Overview, PassphraseStrength, PathKind, PracticeLog, PracticeOverview, PracticePreferences, Preferences, Programme, RecoveryCode, Reply, Routine, SafetyOverview, SafetyPlan, SafetyPreferences, SearchHit, SearchQuery, SelfCheck, SelfCheckDraft, Series, SeriesDraft, Session, Settings, StartupMarks, SuggestedPassphrase, TimelineCursor, TimelinePage, VaultStatus, Worksheet, WorksheetDraft } from "./types";

/** What each command takes, keyed as the UI sends it. */
export type CommandArgs = {
  app_info: Record<string, never>;
  shell_ready: { marks: StartupMarks };
  open_contact_link: { uri: string };
  clipboard_copy_text: { text: string };
  open_web_link: { url: string };
  choose_path: { kind: PathKind; title: string; start: string | null };
  home_folder: Record<string, never>;
  shell_close: { keepRunning: boolean; remember: boolean };
  shell_hide: Record<string, never>;
  autostart_get: Record<string, never>;
  autostart_set: { on: boolean };
  settings_get: Record<string, never>;
  settings_set_language: { language: Language };
  settings_set_auto_lock: { minutes: number | null };
  settings_set_close_to_tray: { on: boolean };
  settings_set_crisis_country: { country: string | null };
  settings_set_help_contact: { contact: HelpContact | null };
  vault_status: Record<string, never>;
  vault_check_passphrase: { passphrase: string };
  vault_suggest_passphrase: { language: string };
  vault_create: { passphrase: string };
  vault_unlock: { passphrase: string };
  vault_lock: Record<string, never>;
  vault_change_passphrase: { current: string; next: string };
  vault_reset_with_recovery: { code: string; next: string };
  vault_new_recovery_code: { passphrase: string };
  vault_set_auto_unlock: { enabled: boolean; passphrase: string | null };
  vault_probe_keyring: Record<string, never>;
  vault_touch: Record<string, never>;
  clipboard_copy_secret: { text: string };
  journal_save: { draft: EntryDraft };
  journal_get: { id: string };
  journal_timeline: { before: TimelineCursor | null; limit: number };
  journal_search: { query: SearchQuery };
  journal_trash: { id: string };
  journal_restore: { id: string };
  journal_trash_list: Record<string, never>;
  journal_empty_trash: Record<string, never>;
  journal_calendar: { year: number; month: number };
  journal_on_this_day: Record<string, never>;
  journal_mood_series: { bucket: MoodBucket; count: number };
  journal_sessions: { linked: string | null };
  practice_overview: Record<string, never>;
  practice_logs: { exercise: string | null };
  practice_log_save: { draft: LogDraft };
  practice_log_delete: { id: string };
  practice_log_restore: { log: PracticeLog };
  practice_worksheet_save: { draft: WorksheetDraft };
  practice_worksheets: { exercise: string | null };
  practice_worksheet_get: { id: string };
  practice_worksheet_delete: { id: string };
  practice_worksheet_restore: { worksheet: Worksheet };
  practice_favourite_set: { exercise: string; on: boolean };
  practice_set_preferences: { preferences: PracticePreferences };
  homework_save: { draft: HomeworkDraft };
  homework_set_done: { id: string; done: boolean };
  homework_delete: { id: string };
  homework_restore: { homework: Homework };
  safety_overview: Record<string, never>;
  safety_plan_save: { plan: SafetyPlan };
  safety_plan_locked: Record<string, never>;
  safety_plan_set_readable_locked: { on: boolean };
  safety_plan_export: { folder: string; understood: boolean; html: string; passphrase: string };
  safety_plan_print: Record<string, never>;
  self_check_take: { draft: SelfCheckDraft };
  self_check_delete: { id: string };
  self_check_restore: { check: SelfCheck };
  safety_set_sharing: { instrument: Instrument; on: boolean };
  safety_set_check_every: { days: number | null };
  reminders_overview: Record<string, never>;
  reminders_missed_seen: { keys: Array<string> };
  reminders_set_preferences: { preferences: Preferences };
  reminders_save_series: { id: string | null; draft: SeriesDraft };
  reminders_remove_series: { id: string };
  reminders_save_routine: { routine: Routine };
  reminders_remove_routine: { id: string };
  reminder_act: { key: string; action: NoticeAction };
  backup_settings: Record<string, never>;
  backup_configure: { passphrase: string | null; folder: string; automatic: boolean; vaultPassphrase: string | null };
  backup_now: Record<string, never>;
  backup_restore: { path: string; passphrase: string };
  export_markdown: { folder: string; understood: boolean; passphrase: string };
  export_json: { folder: string; understood: boolean; passphrase: string };
  import_journal: { path: string };
  transfer_cancel: Record<string, never>;
  clinic_status: Record<string, never>;
  clinic_sign_in: { address: string };
  clinic_cancel_sign_in: Record<string, never>;
  clinic_sync: Record<string, never>;
  clinic_send: Record<string, never>;
  clinic_sign_out: { forget: boolean };
  clinic_ledger: Record<string, never>;
  sessions_list: Record<string, never>;
  session_reply: { session: string; answer: Reply; note: string | null };
  clinic_outbox: Record<string, never>;
  programme_list: { language: string };
  orientation_agree: { group: string };
  outbox_retry: { id: string };
  outbox_withdraw: { id: string };
  clinic_decline_wider_sign_in: Record<string, never>;
  sessions_export_ics: { folder: string; understood: boolean; passphrase: string };
};

/** What each command answers with. */
export type CommandResults = {
  app_info: AppInfo;
  shell_ready: null;
  open_contact_link: null;
  clipboard_copy_text: null;
  open_web_link: null;
  choose_path: string | null;
  home_folder: string;
  shell_close: null;
  shell_hide: null;
  autostart_get: boolean;
  autostart_set: boolean;
  settings_get: Settings;
  settings_set_language: Settings;
  settings_set_auto_lock: Settings;
  settings_set_close_to_tray: Settings;
  settings_set_crisis_country: Settings;
  settings_set_help_contact: Settings;
  vault_status: VaultStatus;
  vault_check_passphrase: PassphraseStrength;
  vault_suggest_passphrase: SuggestedPassphrase;
  vault_create: RecoveryCode;
  vault_unlock: VaultStatus;
  vault_lock: VaultStatus;
  vault_change_passphrase: null;
  vault_reset_with_recovery: VaultStatus;
  vault_new_recovery_code: RecoveryCode;
  vault_set_auto_unlock: VaultStatus;
  vault_probe_keyring: VaultStatus;
  vault_touch: null;
  clipboard_copy_secret: null;
  journal_save: Entry;
  journal_get: Entry;
  journal_timeline: TimelinePage;
  journal_search: Array<SearchHit>;
  journal_trash: Entry;
  journal_restore: Entry;
  journal_trash_list: Array<EntrySummary>;
  journal_empty_trash: number;
  journal_calendar: Array<CalendarDay>;
  journal_on_this_day: Array<EntrySummary>;
  journal_mood_series: Array<MoodPoint>;
  journal_sessions: Array<Session>;
  practice_overview: PracticeOverview;
  practice_logs: Array<PracticeLog>;
  practice_log_save: PracticeLog;
  practice_log_delete: PracticeLog;
  practice_log_restore: PracticeLog;
  practice_worksheet_save: Worksheet;
  practice_worksheets: Array<Worksheet>;
  practice_worksheet_get: Worksheet;
  practice_worksheet_delete: Worksheet;
  practice_worksheet_restore: Worksheet;
  practice_favourite_set: Array<string>;
  practice_set_preferences: PracticePreferences;
  homework_save: Homework;
  homework_set_done: Homework;
  homework_delete: Homework;
  homework_restore: Homework;
  safety_overview: SafetyOverview;
  safety_plan_save: SafetyPlan;
  safety_plan_locked: SafetyPlan | null;
  safety_plan_set_readable_locked: SafetyPreferences;
  safety_plan_export: string;
  safety_plan_print: null;
  self_check_take: SelfCheck;
  self_check_delete: DeletedCheck;
  self_check_restore: SelfCheck;
  safety_set_sharing: SafetyPreferences;
  safety_set_check_every: SafetyPreferences;
  reminders_overview: Overview;
  reminders_missed_seen: null;
  reminders_set_preferences: Preferences;
  reminders_save_series: Series;
  reminders_remove_series: Series | null;
  reminders_save_routine: Routine;
  reminders_remove_routine: null;
  reminder_act: null;
  backup_settings: BackupSettings;
  backup_configure: BackupSettings;
  backup_now: BackupFile;
  backup_restore: number;
  export_markdown: ExportDone;
  export_json: ExportDone;
  import_journal: ImportReport;
  transfer_cancel: boolean;
  clinic_status: ClinicStatus;
  clinic_sign_in: ClinicStatus;
  clinic_cancel_sign_in: null;
  clinic_sync: ClinicStatus;
  clinic_send: ClinicStatus;
  clinic_sign_out: ClinicStatus;
  clinic_ledger: Array<LedgerEntry>;
  sessions_list: Array<Session>;
  session_reply: OutboxItem;
  clinic_outbox: Array<OutboxItem>;
  programme_list: Array<Programme>;
  orientation_agree: OutboxItem;
  outbox_retry: OutboxItem;
  outbox_withdraw: OutboxItem;
  clinic_decline_wider_sign_in: ClinicStatus;
  sessions_export_ics: string;
};

export type CommandName = keyof CommandArgs;

export const commands = {
  appInfo: (): Promise<CommandResults["app_info"]> => invoke("app_info"),
  shellReady: (marks: StartupMarks): Promise<CommandResults["shell_ready"]> => invoke("shell_ready", { marks } satisfies CommandArgs["shell_ready"]),
  openContactLink: (uri: string): Promise<CommandResults["open_contact_link"]> => invoke("open_contact_link", { uri } satisfies CommandArgs["open_contact_link"]),
  clipboardCopyText: (text: string): Promise<CommandResults["clipboard_copy_text"]> => invoke("clipboard_copy_text", { text } satisfies CommandArgs["clipboard_copy_text"]),
  openWebLink: (url: string): Promise<CommandResults["open_web_link"]> => invoke("open_web_link", { url } satisfies CommandArgs["open_web_link"]),
  choosePath: (kind: PathKind, title: string, start: string | null): Promise<CommandResults["choose_path"]> => invoke("choose_path", { kind, title, start } satisfies CommandArgs["choose_path"]),
  homeFolder: (): Promise<CommandResults["home_folder"]> => invoke("home_folder"),
  shellClose: (keepRunning: boolean, remember: boolean): Promise<CommandResults["shell_close"]> => invoke("shell_close", { keepRunning, remember } satisfies CommandArgs["shell_close"]),
  shellHide: (): Promise<CommandResults["shell_hide"]> => invoke("shell_hide"),
  autostartGet: (): Promise<CommandResults["autostart_get"]> => invoke("autostart_get"),
  autostartSet: (on: boolean): Promise<CommandResults["autostart_set"]> => invoke("autostart_set", { on } satisfies CommandArgs["autostart_set"]),
  settingsGet: (): Promise<CommandResults["settings_get"]> => invoke("settings_get"),
  settingsSetLanguage: (language: Language): Promise<CommandResults["settings_set_language"]> => invoke("settings_set_language", { language } satisfies CommandArgs["settings_set_language"]),
  settingsSetAutoLock: (minutes: number | null): Promise<CommandResults["settings_set_auto_lock"]> => invoke("settings_set_auto_lock", { minutes } satisfies CommandArgs["settings_set_auto_lock"]),
  settingsSetCloseToTray: (on: boolean): Promise<CommandResults["settings_set_close_to_tray"]> => invoke("settings_set_close_to_tray", { on } satisfies CommandArgs["settings_set_close_to_tray"]),
  settingsSetCrisisCountry: (country: string | null): Promise<CommandResults["settings_set_crisis_country"]> => invoke("settings_set_crisis_country", { country } satisfies CommandArgs["settings_set_crisis_country"]),
  settingsSetHelpContact: (contact: HelpContact | null): Promise<CommandResults["settings_set_help_contact"]> => invoke("settings_set_help_contact", { contact } satisfies CommandArgs["settings_set_help_contact"]),
  vaultStatus: (): Promise<CommandResults["vault_status"]> => invoke("vault_status"),
  vaultCheckPassphrase: (passphrase: string): Promise<CommandResults["vault_check_passphrase"]> => invoke("vault_check_passphrase", { passphrase } satisfies CommandArgs["vault_check_passphrase"]),
  vaultSuggestPassphrase: (language: string): Promise<CommandResults["vault_suggest_passphrase"]> => invoke("vault_suggest_passphrase", { language } satisfies CommandArgs["vault_suggest_passphrase"]),
  vaultCreate: (passphrase: string): Promise<CommandResults["vault_create"]> => invoke("vault_create", { passphrase } satisfies CommandArgs["vault_create"]),
  vaultUnlock: (passphrase: string): Promise<CommandResults["vault_unlock"]> => invoke("vault_unlock", { passphrase } satisfies CommandArgs["vault_unlock"]),
  vaultLock: (): Promise<CommandResults["vault_lock"]> => invoke("vault_lock"),
  vaultChangePassphrase: (current: string, next: string): Promise<CommandResults["vault_change_passphrase"]> => invoke("vault_change_passphrase", { current, next } satisfies CommandArgs["vault_change_passphrase"]),
  vaultResetWithRecovery: (code: string, next: string): Promise<CommandResults["vault_reset_with_recovery"]> => invoke("vault_reset_with_recovery", { code, next } satisfies CommandArgs["vault_reset_with_recovery"]),
  vaultNewRecoveryCode: (passphrase: string): Promise<CommandResults["vault_new_recovery_code"]> => invoke("vault_new_recovery_code", { passphrase } satisfies CommandArgs["vault_new_recovery_code"]),
  vaultSetAutoUnlock: (enabled: boolean, passphrase: string | null): Promise<CommandResults["vault_set_auto_unlock"]> => invoke("vault_set_auto_unlock", { enabled, passphrase } satisfies CommandArgs["vault_set_auto_unlock"]),
  vaultProbeKeyring: (): Promise<CommandResults["vault_probe_keyring"]> => invoke("vault_probe_keyring"),
  vaultTouch: (): Promise<CommandResults["vault_touch"]> => invoke("vault_touch"),
  clipboardCopySecret: (text: string): Promise<CommandResults["clipboard_copy_secret"]> => invoke("clipboard_copy_secret", { text } satisfies CommandArgs["clipboard_copy_secret"]),
  journalSave: (draft: EntryDraft): Promise<CommandResults["journal_save"]> => invoke("journal_save", { draft } satisfies CommandArgs["journal_save"]),
  journalGet: (id: string): Promise<CommandResults["journal_get"]> => invoke("journal_get", { id } satisfies CommandArgs["journal_get"]),
  journalTimeline: (before: TimelineCursor | null, limit: number): Promise<CommandResults["journal_timeline"]> => invoke("journal_timeline", { before, limit } satisfies CommandArgs["journal_timeline"]),
  journalSearch: (query: SearchQuery): Promise<CommandResults["journal_search"]> => invoke("journal_search", { query } satisfies CommandArgs["journal_search"]),
  journalTrash: (id: string): Promise<CommandResults["journal_trash"]> => invoke("journal_trash", { id } satisfies CommandArgs["journal_trash"]),
  journalRestore: (id: string): Promise<CommandResults["journal_restore"]> => invoke("journal_restore", { id } satisfies CommandArgs["journal_restore"]),
  journalTrashList: (): Promise<CommandResults["journal_trash_list"]> => invoke("journal_trash_list"),
  journalEmptyTrash: (): Promise<CommandResults["journal_empty_trash"]> => invoke("journal_empty_trash"),
  journalCalendar: (year: number, month: number): Promise<CommandResults["journal_calendar"]> => invoke("journal_calendar", { year, month } satisfies CommandArgs["journal_calendar"]),
  journalOnThisDay: (): Promise<CommandResults["journal_on_this_day"]> => invoke("journal_on_this_day"),
  journalMoodSeries: (bucket: MoodBucket, count: number): Promise<CommandResults["journal_mood_series"]> => invoke("journal_mood_series", { bucket, count } satisfies CommandArgs["journal_mood_series"]),
  journalSessions: (linked: string | null): Promise<CommandResults["journal_sessions"]> => invoke("journal_sessions", { linked } satisfies CommandArgs["journal_sessions"]),
  practiceOverview: (): Promise<CommandResults["practice_overview"]> => invoke("practice_overview"),
  practiceLogs: (exercise: string | null): Promise<CommandResults["practice_logs"]> => invoke("practice_logs", { exercise } satisfies CommandArgs["practice_logs"]),
  practiceLogSave: (draft: LogDraft): Promise<CommandResults["practice_log_save"]> => invoke("practice_log_save", { draft } satisfies CommandArgs["practice_log_save"]),
  practiceLogDelete: (id: string): Promise<CommandResults["practice_log_delete"]> => invoke("practice_log_delete", { id } satisfies CommandArgs["practice_log_delete"]),
  practiceLogRestore: (log: PracticeLog): Promise<CommandResults["practice_log_restore"]> => invoke("practice_log_restore", { log } satisfies CommandArgs["practice_log_restore"]),
  practiceWorksheetSave: (draft: WorksheetDraft): Promise<CommandResults["practice_worksheet_save"]> => invoke("practice_worksheet_save", { draft } satisfies CommandArgs["practice_worksheet_save"]),
  practiceWorksheets: (exercise: string | null): Promise<CommandResults["practice_worksheets"]> => invoke("practice_worksheets", { exercise } satisfies CommandArgs["practice_worksheets"]),
  practiceWorksheetGet: (id: string): Promise<CommandResults["practice_worksheet_get"]> => invoke("practice_worksheet_get", { id } satisfies CommandArgs["practice_worksheet_get"]),
  practiceWorksheetDelete: (id: string): Promise<CommandResults["practice_worksheet_delete"]> => invoke("practice_worksheet_delete", { id } satisfies CommandArgs["practice_worksheet_delete"]),
  practiceWorksheetRestore: (worksheet: Worksheet): Promise<CommandResults["practice_worksheet_restore"]> => invoke("practice_worksheet_restore", { worksheet } satisfies CommandArgs["practice_worksheet_restore"]),
  practiceFavouriteSet: (exercise: string, on: boolean): Promise<CommandResults["practice_favourite_set"]> => invoke("practice_favourite_set", { exercise, on } satisfies CommandArgs["practice_favourite_set"]),
  practiceSetPreferences: (preferences: PracticePreferences): Promise<CommandResults["practice_set_preferences"]> => invoke("practice_set_preferences", { preferences } satisfies CommandArgs["practice_set_preferences"]),
  homeworkSave: (draft: HomeworkDraft): Promise<CommandResults["homework_save"]> => invoke("homework_save", { draft } satisfies CommandArgs["homework_save"]),
  homeworkSetDone: (id: string, done: boolean): Promise<CommandResults["homework_set_done"]> => invoke("homework_set_done", { id, done } satisfies CommandArgs["homework_set_done"]),
  homeworkDelete: (id: string): Promise<CommandResults["homework_delete"]> => invoke("homework_delete", { id } satisfies CommandArgs["homework_delete"]),
  homeworkRestore: (homework: Homework): Promise<CommandResults["homework_restore"]> => invoke("homework_restore", { homework } satisfies CommandArgs["homework_restore"]),
  safetyOverview: (): Promise<CommandResults["safety_overview"]> => invoke("safety_overview"),
  safetyPlanSave: (plan: SafetyPlan): Promise<CommandResults["safety_plan_save"]> => invoke("safety_plan_save", { plan } satisfies CommandArgs["safety_plan_save"]),
  safetyPlanLocked: (): Promise<CommandResults["safety_plan_locked"]> => invoke("safety_plan_locked"),
  safetyPlanSetReadableLocked: (on: boolean): Promise<CommandResults["safety_plan_set_readable_locked"]> => invoke("safety_plan_set_readable_locked", { on } satisfies CommandArgs["safety_plan_set_readable_locked"]),
  safetyPlanExport: (folder: string, understood: boolean, html: string, passphrase: string): Promise<CommandResults["safety_plan_export"]> => invoke("safety_plan_export", { folder, understood, html, passphrase } satisfies CommandArgs["safety_plan_export"]),
  safetyPlanPrint: (): Promise<CommandResults["safety_plan_print"]> => invoke("safety_plan_print"),
  selfCheckTake: (draft: SelfCheckDraft): Promise<CommandResults["self_check_take"]> => invoke("self_check_take", { draft } satisfies CommandArgs["self_check_take"]),
  selfCheckDelete: (id: string): Promise<CommandResults["self_check_delete"]> => invoke("self_check_delete", { id } satisfies CommandArgs["self_check_delete"]),
  selfCheckRestore: (check: SelfCheck): Promise<CommandResults["self_check_restore"]> => invoke("self_check_restore", { check } satisfies CommandArgs["self_check_restore"]),
  safetySetSharing: (instrument: Instrument, on: boolean): Promise<CommandResults["safety_set_sharing"]> => invoke("safety_set_sharing", { instrument, on } satisfies CommandArgs["safety_set_sharing"]),
  safetySetCheckEvery: (days: number | null): Promise<CommandResults["safety_set_check_every"]> => invoke("safety_set_check_every", { days } satisfies CommandArgs["safety_set_check_every"]),
  remindersOverview: (): Promise<CommandResults["reminders_overview"]> => invoke("reminders_overview"),
  remindersMissedSeen: (keys: Array<string>): Promise<CommandResults["reminders_missed_seen"]> => invoke("reminders_missed_seen", { keys } satisfies CommandArgs["reminders_missed_seen"]),
  remindersSetPreferences: (preferences: Preferences): Promise<CommandResults["reminders_set_preferences"]> => invoke("reminders_set_preferences", { preferences } satisfies CommandArgs["reminders_set_preferences"]),
  remindersSaveSeries: (id: string | null, draft: SeriesDraft): Promise<CommandResults["reminders_save_series"]> => invoke("reminders_save_series", { id, draft } satisfies CommandArgs["reminders_save_series"]),
  remindersRemoveSeries: (id: string): Promise<CommandResults["reminders_remove_series"]> => invoke("reminders_remove_series", { id } satisfies CommandArgs["reminders_remove_series"]),
  remindersSaveRoutine: (routine: Routine): Promise<CommandResults["reminders_save_routine"]> => invoke("reminders_save_routine", { routine } satisfies CommandArgs["reminders_save_routine"]),
  remindersRemoveRoutine: (id: string): Promise<CommandResults["reminders_remove_routine"]> => invoke("reminders_remove_routine", { id } satisfies CommandArgs["reminders_remove_routine"]),
  reminderAct: (key: string, action: NoticeAction): Promise<CommandResults["reminder_act"]> => invoke("reminder_act", { key, action } satisfies CommandArgs["reminder_act"]),
  backupSettings: (): Promise<CommandResults["backup_settings"]> => invoke("backup_settings"),
  backupConfigure: (passphrase: string | null, folder: string, automatic: boolean, vaultPassphrase: string | null): Promise<CommandResults["backup_configure"]> => invoke("backup_configure", { passphrase, folder, automatic, vaultPassphrase } satisfies CommandArgs["backup_configure"]),
  backupNow: (): Promise<CommandResults["backup_now"]> => invoke("backup_now"),
  backupRestore: (path: string, passphrase: string): Promise<CommandResults["backup_restore"]> => invoke("backup_restore", { path, passphrase } satisfies CommandArgs["backup_restore"]),
  exportMarkdown: (folder: string, understood: boolean, passphrase: string): Promise<CommandResults["export_markdown"]> => invoke("export_markdown", { folder, understood, passphrase } satisfies CommandArgs["export_markdown"]),
  exportJson: (folder: string, understood: boolean, passphrase: string): Promise<CommandResults["export_json"]> => invoke("export_json", { folder, understood, passphrase } satisfies CommandArgs["export_json"]),
  importJournal: (path: string): Promise<CommandResults["import_journal"]> => invoke("import_journal", { path } satisfies CommandArgs["import_journal"]),
  transferCancel: (): Promise<CommandResults["transfer_cancel"]> => invoke("transfer_cancel"),
  clinicStatus: (): Promise<CommandResults["clinic_status"]> => invoke("clinic_status"),
  clinicSignIn: (address: string): Promise<CommandResults["clinic_sign_in"]> => invoke("clinic_sign_in", { address } satisfies CommandArgs["clinic_sign_in"]),
  clinicCancelSignIn: (): Promise<CommandResults["clinic_cancel_sign_in"]> => invoke("clinic_cancel_sign_in"),
  clinicSync: (): Promise<CommandResults["clinic_sync"]> => invoke("clinic_sync"),
  clinicSend: (): Promise<CommandResults["clinic_send"]> => invoke("clinic_send"),
  clinicSignOut: (forget: boolean): Promise<CommandResults["clinic_sign_out"]> => invoke("clinic_sign_out", { forget } satisfies CommandArgs["clinic_sign_out"]),
  clinicLedger: (): Promise<CommandResults["clinic_ledger"]> => invoke("clinic_ledger"),
  sessionsList: (): Promise<CommandResults["sessions_list"]> => invoke("sessions_list"),
  sessionReply: (session: string, answer: Reply, note: string | null): Promise<CommandResults["session_reply"]> => invoke("session_reply", { session, answer, note } satisfies CommandArgs["session_reply"]),
  clinicOutbox: (): Promise<CommandResults["clinic_outbox"]> => invoke("clinic_outbox"),
  programmeList: (language: string): Promise<CommandResults["programme_list"]> => invoke("programme_list", { language } satisfies CommandArgs["programme_list"]),
  orientationAgree: (group: string): Promise<CommandResults["orientation_agree"]> => invoke("orientation_agree", { group } satisfies CommandArgs["orientation_agree"]),
  outboxRetry: (id: string): Promise<CommandResults["outbox_retry"]> => invoke("outbox_retry", { id } satisfies CommandArgs["outbox_retry"]),
  outboxWithdraw: (id: string): Promise<CommandResults["outbox_withdraw"]> => invoke("outbox_withdraw", { id } satisfies CommandArgs["outbox_withdraw"]),
  clinicDeclineWiderSignIn: (): Promise<CommandResults["clinic_decline_wider_sign_in"]> => invoke("clinic_decline_wider_sign_in"),
  sessionsExportIcs: (folder: string, understood: boolean, passphrase: string): Promise<CommandResults["sessions_export_ics"]> => invoke("sessions_export_ics", { folder, understood, passphrase } satisfies CommandArgs["sessions_export_ics"]),
};
