//! The contract between Rust and the UI, declared once: every command (its
//! name, arguments and result), every event (its name and payload) and,
//! through `error::ErrorCode`, every error code. `ui/src/lib/bindings/` is
//! generated from here (`scripts/gen-bindings`; a test fails when it is out
//! of date), so the UI's calls, its test fakes and its translations are
//! checked against the Rust side by the TypeScript compiler.
//!
//! To add a command: write its function in `commands/<capability>.rs`
//! (injected values first, then the arguments; it returns
//! `Result<_, AppError>`), add one line below, run `scripts/gen-bindings`.

mod declare;
pub mod events;
pub mod typescript;

use declare::{commands, injected};
pub use declare::{CommandSig, Event, EventSig, TsType};
/// For the bindings; the app emits through `events::` itself.
pub use events::EVENTS;

use crate::commands::{
    clinic, journal, practice, reminders, safety, settings, shell, transfer, vault, PathKind,
};
use alongside_core::app_state::{AppInfo, StartupMarks};
use alongside_core::clinic::{
    ClinicStatus, DeletedCheck, LedgerEntry, OutboxItem, Programme, Reply, Session,
};
use alongside_core::journal::{
    CalendarDay, Entry, EntryDraft, EntrySummary, MoodBucket, MoodPoint, SearchHit, SearchQuery,
    TimelineCursor, TimelinePage,
};
use alongside_core::logging::Secret;
use alongside_core::practice::{
    Homework, HomeworkDraft, LogDraft, PracticeLog, PracticeOverview, PracticePreferences,
    Worksheet, WorksheetDraft,
};
use alongside_core::reminders::store::Overview;
use alongside_core::reminders::{NoticeAction, Preferences, Routine, Series, SeriesDraft};
use alongside_core::safety::{
    Instrument, SafetyOverview, SafetyPlan, SafetyPreferences, SelfCheck, SelfCheckDraft,
};
use alongside_core::settings::{HelpContact, Language, Settings};
use alongside_core::transfer::auto_backup::{BackupFile, BackupSettings};
use alongside_core::transfer::{ExportDone, ImportReport};
use alongside_core::vault::strength::PassphraseStrength;
use alongside_core::vault::suggest::SuggestedPassphrase;
use alongside_core::vault::{RecoveryCode, VaultStatus};

commands! {
    // The shell
    sync app_info() -> AppInfo = shell::app_info [state];
    sync<R> shell_ready(marks: StartupMarks) -> () = shell::shell_ready [window, state];
    sync<R> open_contact_link(uri: String) -> () = safety::open_contact_link [app];
    sync clipboard_copy_text(text: String) -> () = safety::clipboard_copy_text [];
    async<R> open_web_link(url: String) -> () = journal::open_web_link [app, state];
    async<R> choose_path(kind: PathKind, title: String, start: Option<String>) -> Option<String>
        = transfer::choose_path [app];
    sync home_folder() -> String = transfer::home_folder [];
    sync<R> shell_close(keep_running: bool, remember: bool) -> () = shell::shell_close [app, state];
    async<R> shell_hide() -> () = shell::shell_hide [app, state];
    sync<R> autostart_get() -> bool = shell::autostart_get [app];
    sync<R> autostart_set(on: bool) -> bool = shell::autostart_set [app];

    // Settings
    sync settings_get() -> Settings = settings::settings_get [state];
    sync settings_set_language(language: Language) -> Settings
        = settings::settings_set_language [state];
    async settings_set_auto_lock(minutes: Option<u32>) -> Settings
        = settings::settings_set_auto_lock [state];
    sync settings_set_close_to_tray(on: bool) -> Settings
        = settings::settings_set_close_to_tray [state];
    sync settings_set_crisis_country(country: Option<String>) -> Settings
        = settings::settings_set_crisis_country [state];
    async settings_set_help_contact(contact: Option<HelpContact>) -> Settings
        = settings::settings_set_help_contact [state];

    // The vault
    async vault_status() -> VaultStatus = vault::vault_status [state];
    sync vault_check_passphrase(passphrase: Secret) -> PassphraseStrength
        = vault::vault_check_passphrase [];
    sync vault_suggest_passphrase(language: String) -> SuggestedPassphrase
        = vault::vault_suggest_passphrase [];
    async vault_create(passphrase: Secret) -> RecoveryCode = vault::vault_create [state];
    async vault_unlock(passphrase: Secret) -> VaultStatus = vault::vault_unlock [state];
    async vault_lock() -> VaultStatus = vault::vault_lock [state];
    async vault_change_passphrase(current: Secret, next: Secret) -> ()
        = vault::vault_change_passphrase [state];
    async vault_reset_with_recovery(code: Secret, next: Secret) -> VaultStatus
        = vault::vault_reset_with_recovery [state];
    async vault_new_recovery_code(passphrase: Secret) -> RecoveryCode
        = vault::vault_new_recovery_code [state];
    async vault_set_auto_unlock(enabled: bool, passphrase: Option<Secret>) -> VaultStatus
        = vault::vault_set_auto_unlock [state];
    async vault_probe_keyring() -> VaultStatus = vault::vault_probe_keyring [state];
    async vault_touch() -> () = vault::vault_touch [state];
    async clipboard_copy_secret(text: Secret) -> () = vault::clipboard_copy_secret [state];

    // The journal
    async journal_save(draft: EntryDraft) -> Entry = journal::journal_save [state];
    async journal_get(id: String) -> Entry = journal::journal_get [state];
    async journal_timeline(before: Option<TimelineCursor>, limit: u32) -> TimelinePage
        = journal::journal_timeline [state];
    async journal_search(query: SearchQuery) -> Vec<SearchHit> = journal::journal_search [state];
    async journal_trash(id: String) -> Entry = journal::journal_trash [state];
    async journal_restore(id: String) -> Entry = journal::journal_restore [state];
    async journal_trash_list() -> Vec<EntrySummary> = journal::journal_trash_list [state];
    async journal_empty_trash() -> u32 = journal::journal_empty_trash [state];
    async journal_calendar(year: i32, month: u32) -> Vec<CalendarDay>
        = journal::journal_calendar [state];
    async journal_on_this_day() -> Vec<EntrySummary> = journal::journal_on_this_day [state];
    async journal_mood_series(bucket: MoodBucket, count: u32) -> Vec<MoodPoint>
        = journal::journal_mood_series [state];
    async journal_sessions(linked: Option<String>) -> Vec<Session>
        = clinic::journal_sessions [state];

    // Skill practice
    async practice_overview() -> PracticeOverview = practice::practice_overview [state];
    async practice_logs(exercise: Option<String>) -> Vec<PracticeLog>
        = practice::practice_logs [state];
    async practice_log_save(draft: LogDraft) -> PracticeLog = practice::practice_log_save [state];
    async practice_log_delete(id: String) -> PracticeLog = practice::practice_log_delete [state];
    async practice_log_restore(log: PracticeLog) -> PracticeLog
        = practice::practice_log_restore [state];
    async practice_worksheet_save(draft: WorksheetDraft) -> Worksheet
        = practice::practice_worksheet_save [state];
    async practice_worksheets(exercise: Option<String>) -> Vec<Worksheet>
        = practice::practice_worksheets [state];
    async practice_worksheet_get(id: String) -> Worksheet
        = practice::practice_worksheet_get [state];
    async practice_worksheet_delete(id: String) -> Worksheet
        = practice::practice_worksheet_delete [state];
    async practice_worksheet_restore(worksheet: Worksheet) -> Worksheet
        = practice::practice_worksheet_restore [state];
    async practice_favourite_set(exercise: String, on: bool) -> Vec<String>
        = practice::practice_favourite_set [state];
    async practice_set_preferences(preferences: PracticePreferences) -> PracticePreferences
        = practice::practice_set_preferences [state];
    async homework_save(draft: HomeworkDraft) -> Homework
        = practice::homework_save [state] stale [Reminders];
    async homework_set_done(id: String, done: bool) -> Homework
        = practice::homework_set_done [state] stale [Reminders];
    async homework_delete(id: String) -> Homework
        = practice::homework_delete [state] stale [Reminders];
    async homework_restore(homework: Homework) -> Homework
        = practice::homework_restore [state] stale [Reminders];

    // Safety: the plan and self-checks
    async safety_overview() -> SafetyOverview = safety::safety_overview [state];
    async safety_plan_save(plan: SafetyPlan) -> SafetyPlan = safety::safety_plan_save [state];
    async safety_plan_locked() -> Option<SafetyPlan> = safety::safety_plan_locked [state];
    async safety_plan_set_readable_locked(on: bool) -> SafetyPreferences
        = safety::safety_plan_set_readable_locked [state];
    async safety_plan_export(folder: String, understood: bool, html: String, passphrase: Secret)
        -> String = safety::safety_plan_export [state];
    async<R> safety_plan_print() -> () = safety::safety_plan_print [window, state];
    async self_check_take(draft: SelfCheckDraft) -> SelfCheck
        = safety::self_check_take [state] stale [Reminders];
    async self_check_delete(id: String) -> DeletedCheck
        = safety::self_check_delete [state] stale [Reminders];
    async self_check_restore(check: SelfCheck) -> SelfCheck
        = safety::self_check_restore [state] stale [Reminders];
    async safety_set_sharing(instrument: Instrument, on: bool) -> SafetyPreferences
        = safety::safety_set_sharing [state];
    async safety_set_check_every(days: Option<u16>) -> SafetyPreferences
        = safety::safety_set_check_every [state] stale [Reminders];

    // Reminders
    async reminders_overview() -> Overview = reminders::reminders_overview [state];
    async reminders_missed_seen(keys: Vec<String>) -> () = reminders::reminders_missed_seen [state];
    async reminders_set_preferences(preferences: Preferences) -> Preferences
        = reminders::reminders_set_preferences [state] stale [Reminders];
    async reminders_save_series(id: Option<String>, draft: SeriesDraft) -> Series
        = reminders::reminders_save_series [state] stale [Reminders];
    async reminders_remove_series(id: String) -> Option<Series>
        = reminders::reminders_remove_series [state] stale [Reminders];
    async reminders_save_routine(routine: Routine) -> Routine
        = reminders::reminders_save_routine [state] stale [Reminders];
    async reminders_remove_routine(id: String) -> ()
        = reminders::reminders_remove_routine [state] stale [Reminders];
    async<R> reminder_act(key: String, action: NoticeAction) -> () = reminders::reminder_act [app];

    // Backups, exports, imports
    async backup_settings() -> BackupSettings = transfer::backup_settings [state];
    async backup_configure(
        passphrase: Option<Secret>,
        folder: String,
        automatic: bool,
        vault_passphrase: Option<Secret>,
    ) -> BackupSettings = transfer::backup_configure [state];
    async<R> backup_now() -> BackupFile = transfer::backup_now [app, state];
    async<R> backup_restore(path: String, passphrase: Secret) -> u32
        = transfer::backup_restore [app, state] stale [Reminders];
    async export_markdown(folder: String, understood: bool, passphrase: Secret) -> ExportDone
        = transfer::export_markdown [state];
    async export_json(folder: String, understood: bool, passphrase: Secret) -> ExportDone
        = transfer::export_json [state];
    async<R> import_journal(path: String) -> ImportReport
        = transfer::import_journal [app, state];
    sync transfer_cancel() -> bool = transfer::transfer_cancel [state];

    // The clinic
    async clinic_status() -> ClinicStatus = clinic::clinic_status [state];
    async<R> clinic_sign_in(address: String) -> ClinicStatus
        = clinic::clinic_sign_in [app, state] stale [Reminders];
    sync clinic_cancel_sign_in() -> () = clinic::clinic_cancel_sign_in [state];
    async clinic_sync() -> ClinicStatus = clinic::clinic_sync [state] stale [Reminders];
    async clinic_send() -> ClinicStatus = clinic::clinic_send [state];
    async clinic_sign_out(forget: bool) -> ClinicStatus
        = clinic::clinic_sign_out [state] stale [Reminders];
    async clinic_ledger() -> Vec<LedgerEntry> = clinic::clinic_ledger [state];
    async sessions_list() -> Vec<Session> = clinic::sessions_list [state];
    async session_reply(session: String, answer: Reply, note: Option<String>) -> OutboxItem
        = clinic::session_reply [state];
    async clinic_outbox() -> Vec<OutboxItem> = clinic::clinic_outbox [state];
    async programme_list(language: String) -> Vec<Programme> = clinic::programme_list [state];
    async orientation_agree(group: String) -> OutboxItem = clinic::orientation_agree [state];
    async outbox_retry(id: String) -> OutboxItem = clinic::outbox_retry [state];
    async outbox_withdraw(id: String) -> OutboxItem = clinic::outbox_withdraw [state];
    async clinic_decline_wider_sign_in() -> ClinicStatus
        = clinic::clinic_decline_wider_sign_in [state];
    async sessions_export_ics(folder: String, understood: bool, passphrase: Secret) -> String
        = reminders::sessions_export_ics [state];
}
