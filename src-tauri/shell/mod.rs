//! Wires the app together: plugins, state, logging, the main window and the
//! vault's background tasks.

use alongside_core::app_state::AppState;
use alongside_core::clock::Clock;
use alongside_core::paths::AppPaths;
use alongside_core::reminders::notice::Lang;
use alongside_core::vault::keyring::Keyring;
use std::sync::Arc;
use std::time::Instant;
use tauri::Manager;

pub(crate) mod reminders;
mod tasks;
mod tray;
pub(crate) mod window;

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
    let dumps = alongside_core::core_dumps::forbid();
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
                .callback(|app, _, _| window::bring_forward(app, None))
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
            alongside_core::fsutil::ensure_private_dir(paths.data_dir())?;
            match alongside_core::logging::init(&paths.log_dir()) {
                Ok(guard) => {
                    app.manage(LogGuard(guard));
                }
                Err(e) => eprintln!("alongside: logging disabled: {e}"),
            }
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "starting");
            alongside_core::app_state::startup_mark(started, "setup");
            #[cfg(not(debug_assertions))]
            if let Err(e) = &dumps {
                tracing::warn!("{e}");
            }
            window::open_main(app.handle(), &paths, started)?;
            alongside_core::app_state::startup_mark(started, "window built");
            // The end-to-end suite moves a debug build's clock by a file in
            // its data folder.
            #[cfg(debug_assertions)]
            let clock: Arc<dyn Clock> = Arc::new(alongside_core::clock::ShiftedClock::new(
                paths.data_dir().join("test-clock"),
            ));
            #[cfg(not(debug_assertions))]
            let clock: Arc<dyn Clock> = Arc::new(alongside_core::clock::SystemClock);
            let state = AppState::new(paths, clock, Keyring::os(), started);
            let lang = Lang::of(state.settings().language);
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
