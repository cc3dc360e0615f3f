//! A real `AppState` on a temp data dir behind Tauri's mock runtime, so
//! commands are exercised exactly as the UI calls them.

use alongside_lib::app_state::AppState;
use alongside_lib::clock::SystemClock;
use alongside_lib::paths::AppPaths;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

pub struct TestApp {
    pub dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl TestApp {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let app = mock_builder()
            .invoke_handler(alongside_lib::commands::handler())
            .build(mock_context(noop_assets()))
            .unwrap();
        app.manage(AppState::new(
            AppPaths::new(dir.path()),
            Arc::new(SystemClock),
            Instant::now(),
        ));
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self {
            dir,
            _app: app,
            window,
        }
    }

    /// Calls a command the way the UI does; `Err` holds the `{code, message}`.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        tauri::test::get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }
}
