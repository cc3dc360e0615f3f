//! The main window: hidden until the UI has painted, and its size and
//! position saved shortly after the member moves or resizes it (not only at
//! a clean exit, so a crash or logout does not forget them).

use crate::contract::events;
use alongside_core::paths::AppPaths;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};
use tauri::webview::{NewWindowResponse, PageLoadEvent};
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// Visibility is ours to decide (after first paint), not the saved state's.
pub const SAVED_STATE: StateFlags = StateFlags::all().difference(StateFlags::VISIBLE);

/// If the UI never reports that it painted (a broken bundle, say), show the
/// window anyway so the member is not left with nothing on screen.
const SHOW_WINDOW_FALLBACK: Duration = Duration::from_secs(5);

/// Quiet time after the last move or resize before the geometry is saved.
const SAVE_AFTER: Duration = Duration::from_millis(400);

pub fn open_main<R: Runtime>(
    app: &AppHandle<R>,
    paths: &AppPaths,
    started: Instant,
) -> tauri::Result<()> {
    let window = WebviewWindowBuilder::new(app, "main", WebviewUrl::default())
        .title("Alongside")
        .inner_size(1100.0, 760.0)
        .min_inner_size(640.0, 480.0)
        .visible(false)
        // Ctrl + / Ctrl - / Ctrl 0 and Ctrl+wheel zoom the page, for members who need larger text.
        .zoom_hotkeys_enabled(true)
        .data_directory(paths.webview_dir())
        .on_navigation(|url| {
            let allowed = crate::app_origin::is_app_page(url);
            if !allowed {
                tracing::warn!("refused to navigate the window away from the app");
            }
            allowed
        })
        .on_new_window(|_, _| NewWindowResponse::Deny)
        .on_page_load(move |_, load| {
            if load.event() == PageLoadEvent::Finished {
                alongside_core::app_state::startup_mark(started, "page loaded");
            }
        })
        .build()?;

    let (moved, moves) = mpsc::channel::<()>();
    let app_for_close = app.clone();
    window.on_window_event(move |event| match event {
        WindowEvent::Moved(_) | WindowEvent::Resized(_) => {
            let _ = moved.send(());
        }
        WindowEvent::CloseRequested { api, .. } => {
            let choice = app_for_close
                .try_state::<alongside_core::app_state::AppState>()
                .and_then(|s| s.settings().close_to_tray);
            match choice {
                Some(true) => {
                    api.prevent_close();
                    close_main(&app_for_close, true);
                }
                Some(false) => {}
                // The first close: the window asks, `shell_close` answers.
                None => {
                    api.prevent_close();
                    events::CLOSE_ASKED.emit(&app_for_close, ());
                }
            }
        }
        _ => {}
    });
    let handle = app.clone();
    std::thread::spawn(move || save_when_still(&handle, &moves));

    std::thread::spawn(move || {
        std::thread::sleep(SHOW_WINDOW_FALLBACK);
        if !window.is_visible().unwrap_or(true) {
            tracing::warn!("the UI did not report ready; showing the window anyway");
            let _ = window.show();
        }
    });
    Ok(())
}

fn save_when_still<R: Runtime>(app: &AppHandle<R>, moves: &mpsc::Receiver<()>) {
    while moves.recv().is_ok() {
        loop {
            match moves.recv_timeout(SAVE_AFTER) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if let Err(e) = app.save_window_state(SAVED_STATE) {
            tracing::warn!("could not save the window's size and position: {e}");
        }
    }
}

/// Shows and focuses the window, on `screen` when given (a screen name or
/// "help" for Need help now).
pub(crate) fn bring_forward<R: tauri::Runtime>(app: &tauri::AppHandle<R>, screen: Option<&str>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    if let Some(screen) = screen {
        events::OPEN_SCREEN.emit(app, screen.to_owned());
    }
}

/// The window's close: hidden while Alongside stays in the tray, or the
/// app ends.
pub(crate) fn close_main<R: tauri::Runtime>(app: &tauri::AppHandle<R>, keep_running: bool) {
    if !keep_running {
        app.exit(0);
    } else if let Some(window) = app.get_webview_window("main") {
        let _ = window.hide();
    }
}

/// Hides the window, then locks the vault: hiding first, so nothing stays
/// on screen while the vault closes its database.
pub(crate) async fn hide_and_lock<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    state: &alongside_core::app_state::AppState,
) {
    if let Some(window) = app.get_webview_window("main") {
        if let Err(e) = window.hide() {
            tracing::warn!("the window could not be hidden: {e}");
        }
    }
    if state.vault().lock().await {
        events::VAULT_LOCKED.emit(app, alongside_core::vault::LockReason::Manual);
    }
}
