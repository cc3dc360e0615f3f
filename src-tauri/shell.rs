//! Wires the app together: plugins, state, logging and the main window.

use crate::app_state::AppState;
use crate::clock::SystemClock;
use crate::paths::AppPaths;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::{Manager, Runtime, WebviewUrl, WebviewWindowBuilder};
use tauri_plugin_window_state::StateFlags;

/// If the UI never reports that it painted (a broken bundle, say), show the
/// window anyway so the member is not left with nothing on screen.
const SHOW_WINDOW_FALLBACK: Duration = Duration::from_secs(5);

struct LogGuard(#[allow(dead_code)] tracing_appender::non_blocking::WorkerGuard);

pub fn run() {
    let started = Instant::now();
    let override_paths = AppPaths::from_launch();

    // Visibility is ours to decide (after first paint), not the saved state's.
    let mut window_state = tauri_plugin_window_state::Builder::new()
        .with_state_flags(StateFlags::all() & !StateFlags::VISIBLE);
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
            open_main_window(app.handle(), &paths)?;
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

fn open_main_window<R: Runtime>(app: &tauri::AppHandle<R>, paths: &AppPaths) -> tauri::Result<()> {
    let window = WebviewWindowBuilder::new(app, "main", WebviewUrl::default())
        .title("Alongside")
        .inner_size(1100.0, 760.0)
        .min_inner_size(640.0, 480.0)
        .visible(false)
        .data_directory(paths.webview_dir())
        .build()?;

    std::thread::spawn(move || {
        std::thread::sleep(SHOW_WINDOW_FALLBACK);
        if !window.is_visible().unwrap_or(true) {
            tracing::warn!("the UI did not report ready; showing the window anyway");
            let _ = window.show();
        }
    });
    Ok(())
}
