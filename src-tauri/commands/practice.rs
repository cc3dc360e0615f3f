use crate::app_state::AppState;
use crate::error::AppError;
use crate::practice::{Practice, PracticeLog};
use tauri::State;

pub async fn practice_logs(state: State<'_, AppState>) -> Result<Vec<PracticeLog>, AppError> {
    let db = state.vault().db().await?;
    Ok(Practice::new(&db).logs().await?)
}
