//! Wires the app together: plugins, state, logging and the main window.

use crate::app_state::AppState;
use crate::clock::SystemClock;
use crate::paths::AppPaths;
use std::sync::Arc;
use std::time::Instant;
use tauri::Manager;

mod window;

struct LogGuard(#[allow(dead_code)] tracing_appender::non_blocking::WorkerGuard);

pub fn run() {
    let started = Instant::now();
    let override_paths = AppPaths::from_launch();

    let mut window_state =
        tauri_plugin_window_state::Builder::new().with_state_flags(window::SAVED_STATE);
    if let Some(paths) = &override_paths {
        window_state = window_state.with_filename(paths.window_state_file().to_string_lossy());
    }

    let result = tauri::Builder::default()
        .plugin(window_state.build())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(crate::commands::handler())
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
            window::open_main(app.handle(), &paths)?;
            app.manage(AppState::new(paths, Arc::new(SystemClock), started));
            Ok(())
        })
        .run(tauri::generate_context!());

    if let Err(e) = result {
        tracing::error!("the app stopped with an error: {e}");
        eprintln!("alongside: {e}");
        std::process::exit(1);
    }
}
