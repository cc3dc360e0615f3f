use crate::app_state::AppState;
use crate::error::AppError;
use crate::logging::Sensitive;
use crate::transfer::auto_backup::{AutoBackup, BackupFile, BackupSettings};
use crate::transfer::{backup, export, import_file, ExportDone, ImportReport};
use std::path::Path;
use tauri::State;

type Secret = Sensitive<String>;

#[tauri::command]
pub async fn backup_settings(state: State<'_, AppState>) -> Result<BackupSettings, AppError> {
    let db = state.vault().db().await?;
    let mut settings = AutoBackup::new(&db, &state.backup_folder())
        .settings()
        .await?;
    settings.last_error = state.last_backup_error();
    Ok(settings)
}

#[tauri::command]
pub async fn backup_configure(
    state: State<'_, AppState>,
    passphrase: Option<Secret>,
    folder: String,
    automatic: bool,
) -> Result<BackupSettings, AppError> {
    let db = state.vault().db().await?;
    Ok(AutoBackup::new(&db, &state.backup_folder())
        .configure(passphrase.as_ref(), &folder, automatic)
        .await?)
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupFile, AppError> {
    let db = state.vault().db().await?;
    let made = AutoBackup::new(&db, &state.backup_folder())
        .back_up(state.journal(), state.journal().now_utc())
        .await;
    state.set_last_backup_error(made.as_ref().err().map(|e| e.code().to_owned()));
    Ok(made?)
}

#[tauri::command]
pub async fn backup_restore(
    state: State<'_, AppState>,
    path: String,
    passphrase: Secret,
) -> Result<u32, AppError> {
    let db = state.vault().db().await?;
    let n = backup::restore(state.journal(), &db, Path::new(path.trim()), &passphrase).await?;
    Ok(n as u32)
}

#[tauri::command]
pub async fn export_markdown(
    state: State<'_, AppState>,
    folder: String,
) -> Result<ExportDone, AppError> {
    let db = state.vault().db().await?;
    let (path, count) = export::markdown(
        state.journal(),
        &db,
        Path::new(folder.trim()),
        state.journal().now_utc(),
    )
    .await?;
    Ok(ExportDone::new(&path, count))
}

#[tauri::command]
pub async fn export_json(
    state: State<'_, AppState>,
    folder: String,
) -> Result<ExportDone, AppError> {
    let db = state.vault().db().await?;
    let (path, count) = export::json(
        state.journal(),
        &db,
        Path::new(folder.trim()),
        state.journal().now_utc(),
    )
    .await?;
    Ok(ExportDone::new(&path, count))
}

#[tauri::command]
pub async fn import_journal(
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportReport, AppError> {
    let db = state.vault().db().await?;
    Ok(import_file(state.journal(), &db, Path::new(path.trim())).await?)
}

/// The member's home folder, offered as the place for exports.
#[tauri::command]
pub fn home_folder() -> String {
    std::env::var("HOME").unwrap_or_default()
}
