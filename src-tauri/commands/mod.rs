//! Tauri commands: each one unpacks its arguments, calls a module and maps
//! the error. Generic over `R: Runtime` so tests can drive them with the mock
//! runtime. Keep the list in `handler()` and in `bindings.rs` in step.

mod clinic;
mod journal;
mod safety;
mod settings;
mod shell;
mod transfer;
mod vault;

pub use clinic::*;
pub use journal::*;
pub use safety::*;
pub use settings::*;
pub use shell::*;
pub use transfer::*;
pub use vault::*;

/// Every command the UI may call.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        app_info,
        backup_configure,
        backup_now,
        backup_restore,
        backup_settings,
        choose_path,
        clinic_cancel_sign_in,
        clinic_ledger,
        clinic_sign_in,
        clinic_sign_out,
        clinic_status,
        clinic_sync,
        clipboard_copy_secret,
        export_json,
        export_markdown,
        home_folder,
        import_journal,
        journal_calendar,
        journal_empty_trash,
        journal_get,
        journal_mood_series,
        journal_on_this_day,
        journal_restore,
        journal_save,
        journal_search,
        journal_sessions,
        journal_timeline,
        journal_trash,
        journal_trash_list,
        open_contact_link,
        open_web_link,
        sessions_list,
        settings_get,
        settings_set_auto_lock,
        settings_set_language,
        shell_ready,
        vault_change_passphrase,
        vault_check_passphrase,
        vault_create,
        vault_lock,
        vault_new_recovery_code,
        vault_reset_with_recovery,
        vault_set_auto_unlock,
        vault_status,
        vault_suggest_passphrase,
        vault_touch,
        vault_unlock,
    ]
}
