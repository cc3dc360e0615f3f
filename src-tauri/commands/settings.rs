use crate::app_state::AppState;
use crate::error::AppError;
use crate::settings::{Language, Settings};
use tauri::State;

#[tauri::command]
pub fn settings_get(state: State<'_, AppState>) -> Result<Settings, AppError> {
    Ok(state.settings()?)
}

#[tauri::command]
pub fn settings_set_language(
    state: State<'_, AppState>,
    language: Language,
) -> Result<Settings, AppError> {
    Ok(state.set_language(language)?)
}
