use crate::error::{AppError, DesktopError};
use alongside_core::app_state::{AppInfo, AppState, StartupMarks};
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_autostart::ManagerExt;

pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(state.info())
}

/// The window starts hidden and is shown once the UI has painted, so the
/// member never sees a blank white frame.
pub fn shell_ready<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    marks: StartupMarks,
) -> Result<(), AppError> {
    state.mark_shell_ready(&marks);
    window
        .show()
        .and_then(|()| window.set_focus())
        .map_err(|e| {
            tracing::warn!("the window could not be shown: {e}");
            DesktopError::Window.into()
        })
}

/// The member's answer to "keep running in the tray?" on closing the window.
pub fn shell_close<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    keep_running: bool,
    remember: bool,
) -> Result<(), AppError> {
    if remember {
        state.set_close_to_tray(keep_running)?;
    }
    crate::shell::window::close_main(&app, keep_running);
    Ok(())
}

/// The hide key: the window goes at once and the vault locks, whatever
/// screen was showing; the tray and notifications already speak generically.
pub async fn shell_hide<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    crate::shell::window::hide_and_lock(&app, state.inner()).await;
    Ok(())
}

pub fn autostart_get<R: Runtime>(app: AppHandle<R>) -> Result<bool, AppError> {
    app.autolaunch().is_enabled().map_err(|e| {
        tracing::warn!("the start-at-login entry could not be read: {e}");
        DesktopError::Autostart.into()
    })
}

/// Writes or removes the desktop's autostart entry; returns what is now set.
pub fn autostart_set<R: Runtime>(app: AppHandle<R>, on: bool) -> Result<bool, AppError> {
    let launcher = app.autolaunch();
    let done = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.and_then(|()| launcher.is_enabled()).map_err(|e| {
        tracing::warn!("the start-at-login entry could not be changed: {e}");
        DesktopError::Autostart.into()
    })
}
