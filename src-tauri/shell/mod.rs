//! Wires the app together: plugins, state, logging, the main window and the
//! vault's background tasks.

use crate::app_state::AppState;
use crate::clock::Clock;
use crate::paths::AppPaths;
use crate::vault::keyring::Keyring;
use std::sync::Arc;
use std::time::Instant;
use tauri::Manager;

mod reminders;
mod tasks;
mod tray;
mod window;

pub(crate) use reminders::act_on_reminder;

struct LogGuard(#[allow(dead_code)] tracing_appender::non_blocking::WorkerGuard);

pub fn run() {
    let started = Instant::now();
    // Every file the app or its libraries create (SQLite's -wal/-shm, logs,
    // WebView storage) is readable by the member alone.
    #[cfg(unix)]
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    // Release builds never leave a core file with keys or journal text in it.
    #[cfg(not(debug_assertions))]
    let dumps = crate::core_dumps::forbid();
    let override_paths = AppPaths::from_launch();

    let mut window_state =
        tauri_plugin_window_state::Builder::new().with_state_flags(window::SAVED_STATE);
    if let Some(paths) = &override_paths {
        window_state = window_state.with_filename(paths.window_state_file().to_string_lossy());
    }

    let app = tauri::Builder::default()
        // First: a second launch hands over to the running app and exits
        // before anything else starts.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(single_instance_id(override_paths.as_ref()))
                .callback(|app, _, _| bring_forward(app, None))
                .build(),
        )
        .plugin(tauri_plugin_autostart::Builder::new().build())
        .plugin(window_state.build())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(crate::contract::handler())
        .setup(move |app| {
            let paths = match override_paths {
                Some(paths) => paths,
                None => AppPaths::new(app.path().app_data_dir()?),
            };
            crate::fsutil::ensure_private_dir(paths.data_dir())?;
            match crate::logging::init(&paths.log_dir()) {
                Ok(guard) => {
                    app.manage(LogGuard(guard));
                }
                Err(e) => eprintln!("alongside: logging disabled: {e}"),
            }
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "starting");
            crate::app_state::startup_mark(started, "setup");
            #[cfg(not(debug_assertions))]
            if let Err(e) = &dumps {
                tracing::warn!("{e}");
            }
            window::open_main(app.handle(), &paths, started)?;
            crate::app_state::startup_mark(started, "window built");
            // The end-to-end suite moves a debug build's clock by a file in
            // its data folder.
            #[cfg(debug_assertions)]
            let clock: Arc<dyn Clock> = Arc::new(crate::clock::ShiftedClock::new(
                paths.data_dir().join("test-clock"),
            ));
            #[cfg(not(debug_assertions))]
            let clock: Arc<dyn Clock> = Arc::new(crate::clock::SystemClock);
            let state = AppState::new(paths, clock, Keyring::os(), started);
            let lang = language(&state);
            app.manage(state);
            // No tray on a desktop without one is no reason not to start.
            if let Err(e) = tray::build(app.handle(), lang) {
                tracing::warn!("no tray icon: {e}");
            }
            tasks::spawn(app.handle());
            Ok(())
        })
        .build(tauri::generate_context!());

    let app = match app {
        Ok(app) => app,
        Err(e) => {
            tracing::error!("the app could not start: {e}");
            eprintln!("alongside: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            // Close the database before the process exits: SQLCipher tears
            // down its state in an exit handler, which must not race a
            // connection that is still closing.
            if let Some(state) = handle.try_state::<AppState>() {
                tauri::async_runtime::block_on(state.vault().lock());
            }
        }
    });
}

/// One running app per data folder: the member's own, or a test's.
fn single_instance_id(paths: Option<&AppPaths>) -> String {
    use std::hash::{Hash, Hasher};
    const ID: &str = "org.alongside.companion";
    match paths {
        None => ID.to_owned(),
        Some(paths) => {
            // The same binary hashes the same path the same way, which is
            // all two launches need to agree on.
            let mut h = std::collections::hash_map::DefaultHasher::new();
            paths.data_dir().hash(&mut h);
            format!("{ID}.d{:016x}", h.finish())
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
        crate::contract::OPEN_SCREEN.emit(app, screen.to_owned());
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
pub(crate) async fn hide_and_lock<R: tauri::Runtime>(app: &tauri::AppHandle<R>, state: &AppState) {
    if let Some(window) = app.get_webview_window("main") {
        if let Err(e) = window.hide() {
            tracing::warn!("the window could not be hidden: {e}");
        }
    }
    if state.vault().lock().await {
        crate::contract::VAULT_LOCKED.emit(app, crate::vault::LockReason::Manual);
    }
}

/// The language reminders and the tray speak.
pub(crate) fn language(state: &AppState) -> crate::reminders::Lang {
    use crate::settings::Language;
    let spanish = match state.settings().language {
        Language::Es => true,
        Language::En => false,
        Language::System => std::env::var("LANG")
            .or_else(|_| std::env::var("LC_ALL"))
            .is_ok_and(|l| l.starts_with("es")),
    };
    if spanish {
        crate::reminders::Lang::Es
    } else {
        crate::reminders::Lang::En
    }
}
