use crate::error::AppError;
use alongside_core::app_state::AppState;
use alongside_core::practice::{
    Homework, HomeworkDraft, LogDraft, Practice, PracticeLog, PracticeOverview,
    PracticePreferences, Worksheet, WorksheetDraft,
};
use tauri::State;

pub async fn practice_overview(state: State<'_, AppState>) -> Result<PracticeOverview, AppError> {
    let db = state.vault().db().await?;
    let (now, zone) = (state.clock().now(), state.clock().zone());
    Ok(Practice::new(&db).overview(now, zone).await?)
}

pub async fn practice_logs(
    state: State<'_, AppState>,
    exercise: Option<String>,
) -> Result<Vec<PracticeLog>, AppError> {
    let db = state.vault().db().await?;
    Ok(Practice::new(&db).logs(exercise.as_deref()).await?)
}

pub async fn practice_log_save(
    state: State<'_, AppState>,
    draft: LogDraft,
) -> Result<PracticeLog, AppError> {
    let db = state.vault().db().await?;
    let (now, zone) = (state.clock().now(), state.clock().zone());
    Ok(Practice::new(&db).log(&draft, now, zone).await?)
}

pub async fn practice_log_delete(
    state: State<'_, AppState>,
    id: String,
) -> Result<PracticeLog, AppError> {
    let db = state.vault().db().await?;
    Ok(Practice::new(&db).delete_log(&id).await?)
}

pub async fn practice_log_restore(
    state: State<'_, AppState>,
    log: PracticeLog,
) -> Result<PracticeLog, AppError> {
    let db = state.vault().db().await?;
    Practice::new(&db).insert_log(&log).await?;
    Ok(log)
}

pub async fn practice_worksheet_save(
    state: State<'_, AppState>,
    draft: WorksheetDraft,
) -> Result<Worksheet, AppError> {
    let db = state.vault().db().await?;
    Ok(Practice::new(&db)
        .save_worksheet(&draft, state.clock().now())
        .await?)
}

pub async fn practice_worksheets(
    state: State<'_, AppState>,
    exercise: Option<String>,
) -> Result<Vec<Worksheet>, AppError> {
    let db = state.vault().db().await?;
    Ok(Practice::new(&db).worksheets(exercise.as_deref()).await?)
}

pub async fn practice_worksheet_get(
    state: State<'_, AppState>,
    id: String,
) -> Result<Worksheet, AppError> {
    let db = state.vault().db().await?;
    Ok(Practice::new(&db).worksheet(&id).await?)
}

pub async fn practice_worksheet_delete(
    state: State<'_, AppState>,
    id: String,
) -> Result<Worksheet, AppError> {
    let db = state.vault().db().await?;
    Ok(Practice::new(&db).delete_worksheet(&id).await?)
}

pub async fn practice_worksheet_restore(
    state: State<'_, AppState>,
    worksheet: Worksheet,
) -> Result<Worksheet, AppError> {
    let db = state.vault().db().await?;
    Practice::new(&db).insert_worksheet(&worksheet).await?;
    Ok(worksheet)
}

pub async fn practice_favourite_set(
    state: State<'_, AppState>,
    exercise: String,
    on: bool,
) -> Result<Vec<String>, AppError> {
    let db = state.vault().db().await?;
    Ok(Practice::new(&db)
        .set_favourite(&exercise, on, state.clock().now())
        .await?)
}

pub async fn practice_set_preferences(
    state: State<'_, AppState>,
    preferences: PracticePreferences,
) -> Result<PracticePreferences, AppError> {
    let db = state.vault().db().await?;
    Ok(Practice::new(&db).set_preferences(&preferences).await?)
}

pub async fn homework_save(
    state: State<'_, AppState>,
    draft: HomeworkDraft,
) -> Result<Homework, AppError> {
    let db = state.vault().db().await?;
    let (now, zone) = (state.clock().now(), state.clock().zone());
    let saved = Practice::new(&db).save_homework(&draft, now, zone).await?;
    Ok(saved)
}

pub async fn homework_set_done(
    state: State<'_, AppState>,
    id: String,
    done: bool,
) -> Result<Homework, AppError> {
    let db = state.vault().db().await?;
    Ok(alongside_core::clinic::Telling::new(&db)
        .homework_done(&id, done, state.clock().now())
        .await?)
}

pub async fn homework_delete(state: State<'_, AppState>, id: String) -> Result<Homework, AppError> {
    let db = state.vault().db().await?;
    let gone = Practice::new(&db).delete_homework(&id).await?;
    Ok(gone)
}

pub async fn homework_restore(
    state: State<'_, AppState>,
    homework: Homework,
) -> Result<Homework, AppError> {
    let db = state.vault().db().await?;
    Practice::new(&db).insert_homework(&homework).await?;
    Ok(homework)
}
