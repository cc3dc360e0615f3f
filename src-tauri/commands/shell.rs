use crate::app_state::{AppInfo, AppState, StartupMarks};
use crate::error::{AppError, DesktopError};
use tauri::{Runtime, State, WebviewWindow};

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
