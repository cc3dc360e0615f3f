//! A bare Tauri 2 window, the floor `scripts/bench-startup` measures the
//! app against in the same run: one window, a page whose script makes one
//! call, and that call logged the way the app logs "shell interactive".
//! Usage: bare_window --data-dir=DIR

use std::io::Write;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};
use tauri::{WebviewUrl, WebviewWindowBuilder};

struct Log(PathBuf);

#[tauri::command]
fn ready(log: tauri::State<'_, Log>) {
    let unix_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let line = format!("shell interactive unix_ms={unix_ms}\n");
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log.0)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        eprintln!("bare_window: {e}");
    }
}

fn main() {
    let Some(data_dir) =
        std::env::args().find_map(|a| a.strip_prefix("--data-dir=").map(PathBuf::from))
    else {
        eprintln!("usage: bare_window --data-dir=DIR");
        std::process::exit(2);
    };
    let logs = data_dir.join("logs");
    if let Err(e) = std::fs::create_dir_all(&logs) {
        eprintln!("bare_window: {e}");
        std::process::exit(1);
    }
    let webview_dir = data_dir.join("webview");
    let built = tauri::Builder::default()
        .manage(Log(logs.join("bare.log")))
        .invoke_handler(tauri::generate_handler![ready])
        .setup(move |app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::default())
                .title("Bare window")
                .inner_size(1100.0, 760.0)
                .data_directory(webview_dir)
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!("benches/startup/tauri.conf.json"));
    if let Err(e) = built {
        eprintln!("bare_window: {e}");
        std::process::exit(1);
    }
}
