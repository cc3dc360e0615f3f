use crate::contract::events;
use crate::error::AppError;
use crate::error::Coded;
use alongside_core::app_state::AppState;
use alongside_core::journal::Journal;
use alongside_core::logging::Secret;
use alongside_core::progress::{CurrentTransfer, Progress, TransferJob};
use alongside_core::transfer::auto_backup::{AutoBackup, BackupFile, BackupSettings};
use alongside_core::transfer::{
    backup, export, import_file, ExportDone, ImportReport, TransferError,
};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::{DialogExt, FilePath};

pub async fn backup_settings(state: State<'_, AppState>) -> Result<BackupSettings, AppError> {
    let db = state.vault().db().await?;
    let mut settings = AutoBackup::new(&db, &state.backup_folder())
        .settings()
        .await?;
    settings.last_error = state.last_backup_error();
    Ok(settings)
}

pub async fn backup_configure(
    state: State<'_, AppState>,
    passphrase: Option<Secret>,
    folder: String,
    automatic: bool,
    vault_passphrase: Option<Secret>,
) -> Result<BackupSettings, AppError> {
    let db = state.vault().db().await?;
    let default_folder = state.backup_folder();
    let backups = AutoBackup::new(&db, &default_folder);
    if backups.is_escalation(passphrase.is_some(), &folder).await? {
        state
            .vault()
            .confirm_passphrase(vault_passphrase.as_ref())
            .await?;
    }
    Ok(backups
        .configure(passphrase.as_ref(), &folder, automatic, state.clock().now())
        .await?)
}

pub async fn backup_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<BackupFile, AppError> {
    let db = state.vault().db().await?;
    let watched = Watched::start(&app, state.transfers(), TransferJob::Backup);
    let made = AutoBackup::new(&db, &state.backup_folder())
        .back_up(state.clock(), state.clock().now(), &watched.progress)
        .await;
    state.set_last_backup_error(made.as_ref().err().map(|e| e.code()));
    Ok(made?)
}

pub async fn backup_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    passphrase: Secret,
) -> Result<u32, AppError> {
    let db = state.vault().db().await?;
    let watched = Watched::start(&app, state.transfers(), TransferJob::Restore);
    let path = Path::new(path.trim());
    let n = backup::restore(&db, state.clock(), path, &passphrase, &watched.progress).await?;
    Ok(n as u32)
}

pub async fn export_markdown(
    state: State<'_, AppState>,
    folder: String,
    understood: bool,
    passphrase: Secret,
) -> Result<ExportDone, AppError> {
    export_as(
        &state,
        &folder,
        understood,
        &passphrase,
        export::Format::Markdown,
    )
    .await
}

pub async fn export_json(
    state: State<'_, AppState>,
    folder: String,
    understood: bool,
    passphrase: Secret,
) -> Result<ExportDone, AppError> {
    export_as(
        &state,
        &folder,
        understood,
        &passphrase,
        export::Format::Json,
    )
    .await
}

/// A plain export is the one way the journal leaves the vault unencrypted:
/// the member confirms they know, and proves it is them.
async fn export_as(
    state: &AppState,
    folder: &str,
    understood: bool,
    passphrase: &Secret,
    format: export::Format,
) -> Result<ExportDone, AppError> {
    let db = state.vault().db().await?;
    if !understood {
        return Err(TransferError::NotAcknowledged.into());
    }
    state.vault().confirm_passphrase(Some(passphrase)).await?;
    let (path, count) = export::write(
        &db,
        state.clock(),
        Path::new(folder.trim()),
        state.clock().now(),
        format,
    )
    .await?;
    Ok(ExportDone::new(&path, count))
}

pub async fn import_journal<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportReport, AppError> {
    let db = state.vault().db().await?;
    let watched = Watched::start(&app, state.transfers(), TransferJob::Import);
    let path = Path::new(path.trim());
    Ok(import_file(Journal::new(&db, state.clock()), path, &watched.progress).await?)
}

/// Calls off the import, restore or backup under way; false when none is.
pub fn transfer_cancel(state: State<'_, AppState>) -> Result<bool, AppError> {
    Ok(state.transfers().cancel())
}

/// A transfer the member started and watches: its steps reach the window
/// as `transfer-progress`, and it stays the one `transfer_cancel` stops
/// until it ends.
struct Watched<'a> {
    progress: Progress,
    flag: std::sync::Arc<std::sync::atomic::AtomicBool>,
    current: &'a CurrentTransfer,
}

impl<'a> Watched<'a> {
    fn start<R: Runtime>(
        app: &AppHandle<R>,
        current: &'a CurrentTransfer,
        job: TransferJob,
    ) -> Self {
        let flag = current.begin();
        let app = app.clone();
        let report = std::sync::Arc::new(move |p| events::TRANSFER_PROGRESS.emit(&app, p));
        Self {
            progress: Progress::new(job, flag.clone(), report),
            flag,
            current,
        }
    }
}

impl Drop for Watched<'_> {
    fn drop(&mut self) {
        self.current.end(&self.flag);
    }
}

/// The member's home folder, offered as the place for exports.
pub fn home_folder() -> Result<String, AppError> {
    Ok(std::env::var("HOME").unwrap_or_default())
}

/// What the member is choosing, which sets the chooser's mode and filter.
#[derive(Clone, Copy, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum PathKind {
    Folder,
    Backup,
    Import,
}

/// Opens the desktop's own file chooser over the window; `None` when the
/// member cancels. Only the chosen path comes back, and only to this
/// window: the UI is given no general file-system access.
pub async fn choose_path<R: Runtime>(
    app: AppHandle<R>,
    kind: PathKind,
    title: String,
    start: Option<String>,
) -> Result<Option<String>, AppError> {
    let mut dialog = app.dialog().file().set_title(title);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    if let Some(start) = start.map(PathBuf::from) {
        let dir = if start.is_dir() {
            Some(start.as_path())
        } else {
            start.parent()
        };
        if let Some(dir) = dir.filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(dir);
        }
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let done = move |path: Option<FilePath>| {
        let _ = tx.send(path.and_then(|p| p.into_path().ok()));
    };
    match kind {
        PathKind::Folder => dialog.pick_folder(done),
        PathKind::Backup => dialog.add_filter("age", &["age"]).pick_file(done),
        PathKind::Import => dialog
            .add_filter("JSON, zip", &["json", "zip"])
            .pick_file(done),
    }
    Ok(rx
        .await
        .ok()
        .flatten()
        .map(|p| p.to_string_lossy().into_owned()))
}
