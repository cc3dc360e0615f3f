use crate::error::AppError;
use alongside_core::app_state::AppState;
use alongside_core::reminders::store::Overview;
use alongside_core::reminders::{
    NoticeAction, Preferences, Reminders, Routine, Series, SeriesDraft,
};
use tauri::{AppHandle, Runtime, State};

pub async fn reminders_overview(state: State<'_, AppState>) -> Result<Overview, AppError> {
    let db = state.vault().db().await?;
    let (now, zone) = (state.clock().now(), state.clock().zone());
    Ok(state.reminders().overview(&db, now, zone).await?)
}

/// Today's "Got it" under the missed reminders.
pub async fn reminders_missed_seen(
    state: State<'_, AppState>,
    keys: Vec<String>,
) -> Result<(), AppError> {
    let db = state.vault().db().await?;
    Ok(Reminders::new(&db)
        .missed_seen(&keys, state.clock().now())
        .await?)
}

pub async fn reminders_set_preferences(
    state: State<'_, AppState>,
    preferences: Preferences,
) -> Result<Preferences, AppError> {
    let db = state.vault().db().await?;
    let saved = Reminders::new(&db).set_preferences(&preferences).await?;
    Ok(saved)
}

pub async fn reminders_save_series(
    state: State<'_, AppState>,
    id: Option<String>,
    draft: SeriesDraft,
) -> Result<Series, AppError> {
    let db = state.vault().db().await?;
    let id = id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let saved = Reminders::new(&db)
        .save_series(&id, &draft, state.clock().now())
        .await?;
    Ok(saved)
}

pub async fn reminders_remove_series(
    state: State<'_, AppState>,
    id: String,
) -> Result<Option<Series>, AppError> {
    let db = state.vault().db().await?;
    let removed = Reminders::new(&db).remove_series(&id).await?;
    Ok(removed)
}

pub async fn reminders_save_routine(
    state: State<'_, AppState>,
    routine: Routine,
) -> Result<Routine, AppError> {
    let db = state.vault().db().await?;
    let routine = Routine {
        id: if routine.id.is_empty() {
            uuid::Uuid::new_v4().to_string()
        } else {
            routine.id
        },
        ..routine
    };
    Reminders::new(&db)
        .save_routine(&routine, state.clock().now())
        .await?;
    Ok(routine)
}

pub async fn reminders_remove_routine(
    state: State<'_, AppState>,
    id: String,
) -> Result<(), AppError> {
    let db = state.vault().db().await?;
    Reminders::new(&db).remove_routine(&id).await?;
    Ok(())
}

/// A button on the in-app reminder banner. Works while locked: a snooze is
/// kept in memory, and Open only brings the window forward.
pub async fn reminder_act<R: Runtime>(
    app: AppHandle<R>,
    key: String,
    action: NoticeAction,
) -> Result<(), AppError> {
    crate::shell::reminders::act_on_reminder(&app, &key, action).await;
    Ok(())
}

/// The sessions as a calendar file: plain text, so the member says they
/// know and proves it is them, as for every plain export.
pub async fn sessions_export_ics(
    state: State<'_, AppState>,
    folder: String,
    understood: bool,
    passphrase: alongside_core::logging::Sensitive<String>,
) -> Result<String, AppError> {
    let db = state.vault().db().await?;
    if !understood {
        return Err(alongside_core::reminders::ReminderError::NotAcknowledged.into());
    }
    state.vault().confirm_passphrase(Some(&passphrase)).await?;
    let path = alongside_core::reminders::listing::export_ics(
        &db,
        std::path::Path::new(&folder),
        state.clock().now(),
    )
    .await?;
    Ok(path.display().to_string())
}
