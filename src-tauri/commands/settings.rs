use crate::error::AppError;
use alongside_core::app_state::AppState;
use alongside_core::settings::{HelpContact, Language, Settings};
use tauri::State;

pub fn settings_get(state: State<'_, AppState>) -> Result<Settings, AppError> {
    Ok(state.settings())
}

pub fn settings_set_language(
    state: State<'_, AppState>,
    language: Language,
) -> Result<Settings, AppError> {
    Ok(state.set_language(language)?)
}

pub async fn settings_set_auto_lock(
    state: State<'_, AppState>,
    minutes: Option<u32>,
) -> Result<Settings, AppError> {
    Ok(state.set_auto_lock(minutes).await?)
}

pub fn settings_set_close_to_tray(
    state: State<'_, AppState>,
    on: bool,
) -> Result<Settings, AppError> {
    Ok(state.set_close_to_tray(on)?)
}

pub fn settings_set_crisis_country(
    state: State<'_, AppState>,
    country: Option<String>,
) -> Result<Settings, AppError> {
    Ok(state.set_crisis_country(country)?)
}

pub async fn settings_set_help_contact(
    state: State<'_, AppState>,
    contact: Option<HelpContact>,
) -> Result<Settings, AppError> {
    Ok(state.set_help_contact(contact).await?)
}
