use crate::error::{AppError, DesktopError};
use alongside_core::app_state::AppState;
use alongside_core::clinic::{DeletedCheck, Telling};
use alongside_core::logging::Secret;
use alongside_core::safety::{
    ContactLink, Instrument, Safety, SafetyOverview, SafetyPlan, SafetyPreferences, SelfCheck,
    SelfCheckDraft,
};
use tauri::{AppHandle, Runtime, State, WebviewWindow};

use tauri_plugin_opener::OpenerExt;

/// Hands a crisis line's `tel:`/`sms:` link to the desktop's handler.
pub fn open_contact_link<R: Runtime>(app: AppHandle<R>, uri: String) -> Result<(), AppError> {
    let link = ContactLink::parse(&uri)?;
    app.opener()
        .open_url(link.as_str(), None::<&str>)
        .map_err(|_| DesktopError::OpenFailed.into())
}

/// Copies a phone number from "Need help now"; works while locked.
pub fn clipboard_copy_text(text: String) -> Result<(), AppError> {
    if text.chars().count() > 64 {
        return Err(alongside_core::clipboard::ClipboardError::TooLong.into());
    }
    Ok(alongside_core::clipboard::SecretClipboard::system()?.copy_plain(&text)?)
}

pub async fn safety_overview(state: State<'_, AppState>) -> Result<SafetyOverview, AppError> {
    let db = state.vault().db().await?;
    Ok(Safety::new(&db).overview().await?)
}

pub async fn safety_plan_save(
    state: State<'_, AppState>,
    plan: SafetyPlan,
) -> Result<SafetyPlan, AppError> {
    let db = state.vault().db().await?;
    let now = state.clock().now();
    Ok(Safety::new(&db)
        .save_plan_and_copy(&plan, now, state.plan_copy())
        .await?)
}

/// The plan's sealed copy, for "Need help now" while locked: read without
/// the vault, and only when the member opted in.
pub async fn safety_plan_locked(
    state: State<'_, AppState>,
) -> Result<Option<SafetyPlan>, AppError> {
    let copy = state.plan_copy().clone();
    Ok(tokio::task::spawn_blocking(move || copy.read())
        .await
        .ok()
        .flatten())
}

pub async fn safety_plan_set_readable_locked(
    state: State<'_, AppState>,
    on: bool,
) -> Result<SafetyPreferences, AppError> {
    let db = state.vault().db().await?;
    Ok(Safety::new(&db)
        .set_plan_readable_locked(on, state.plan_copy())
        .await?)
}

/// Opens the system print dialog over the window; the page's print rules
/// leave only the plan's printable page. The webview's own `window.print()`
/// is not answered by every webview, the desktop's dialog is.
pub async fn safety_plan_print<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    state.vault().db().await?;
    window.print().map_err(|_| DesktopError::Window.into())
}

/// Writes the plan's printable page, as the UI made it, into `folder`.
/// A plain copy of the plan leaves the vault: the member says they know it
/// is not encrypted, and proves it is them, as for every plain export.
pub async fn safety_plan_export(
    state: State<'_, AppState>,
    folder: String,
    understood: bool,
    html: String,
    passphrase: Secret,
) -> Result<String, AppError> {
    let db = state.vault().db().await?;
    if !understood {
        return Err(alongside_core::safety::plan_page::PlanPageError::NotAcknowledged.into());
    }
    state.vault().confirm_passphrase(Some(&passphrase)).await?;
    let now = state.clock().now();
    let day = alongside_core::clock::local_day(state.clock().zone(), now);
    let page = alongside_core::safety::plan_page::write_page(
        &db,
        folder.as_ref(),
        understood,
        &html,
        day,
        now,
    )
    .await?;
    Ok(page.display().to_string())
}

pub async fn self_check_take(
    state: State<'_, AppState>,
    draft: SelfCheckDraft,
) -> Result<SelfCheck, AppError> {
    let db = state.vault().db().await?;
    let (now, zone) = (state.clock().now(), state.clock().zone());
    Ok(Telling::new(&db)
        .self_check_taken(&draft, now, zone)
        .await?)
}

pub async fn self_check_delete(
    state: State<'_, AppState>,
    id: String,
) -> Result<DeletedCheck, AppError> {
    let db = state.vault().db().await?;
    Ok(Telling::new(&db).self_check_deleted(&id).await?)
}

pub async fn self_check_restore(
    state: State<'_, AppState>,
    check: SelfCheck,
) -> Result<SelfCheck, AppError> {
    let db = state.vault().db().await?;
    Ok(Telling::new(&db).self_check_restored(&check).await?)
}

pub async fn safety_set_sharing(
    state: State<'_, AppState>,
    instrument: Instrument,
    on: bool,
) -> Result<SafetyPreferences, AppError> {
    let db = state.vault().db().await?;
    Ok(Safety::new(&db).set_sharing(instrument, on).await?)
}

pub async fn safety_set_check_every(
    state: State<'_, AppState>,
    days: Option<u16>,
) -> Result<SafetyPreferences, AppError> {
    let db = state.vault().db().await?;
    Ok(Safety::new(&db).set_check_every(days).await?)
}
