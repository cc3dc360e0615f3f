//! A real `AppState` on a temp data dir behind Tauri's mock runtime, so
//! commands are exercised exactly as the UI calls them.

use alongside_core::app_state::AppState;
use alongside_core::clock::{Clock, SystemClock};
use alongside_core::paths::AppPaths;
use alongside_core::vault::keyring::Keyring;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

pub struct TestApp {
    pub dir: tempfile::TempDir,
    app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Drop for TestApp {
    /// Locks the vault so its pool is closed before the process exits:
    /// SQLCipher's exit handler must not race a connection still closing.
    fn drop(&mut self) {
        let state = self.app.state::<AppState>();
        tauri::async_runtime::block_on(state.vault().lock());
    }
}

/// A keyring that behaves like the OS one but lives in memory.
pub fn mock_keyring() -> Keyring {
    let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
    Keyring::with_store(store)
}

impl TestApp {
    pub fn new() -> Self {
        Self::with(
            tempfile::tempdir().unwrap(),
            Arc::new(SystemClock),
            mock_keyring(),
        )
    }

    pub fn with(dir: tempfile::TempDir, clock: Arc<dyn Clock>, keyring: Keyring) -> Self {
        let app = mock_builder()
            .invoke_handler(alongside_lib::contract::handler())
            .build(mock_context(noop_assets()))
            .unwrap();
        app.manage(AppState::new(
            AppPaths::new(dir.path()),
            clock,
            keyring,
            Instant::now(),
        ));
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self { dir, app, window }
    }

    /// Quits and starts again on the same data folder, as a member's restart
    /// does: the vault locks on the way out and is locked on the way in.
    pub fn restart(mut self, clock: Arc<dyn Clock>, keyring: Keyring) -> Self {
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        drop(self);
        Self::with(dir, clock, keyring)
    }

    pub fn state(&self) -> tauri::State<'_, AppState> {
        self.app.state::<AppState>()
    }

    /// The window commands are called on; a clone calls them from another
    /// thread at the same time (`invoke_on`).
    pub fn window(&self) -> WebviewWindow<MockRuntime> {
        self.window.clone()
    }

    /// Calls a command the way the UI does; `Err` holds the `{code, message}`.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke_on(&self.window, cmd, args)
    }
}

/// Calls a command on `window`, as the UI does.
pub fn invoke_on(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    invoke_from(window, "tauri://localhost", cmd, args)
}

/// Calls a command as a page at `origin` would.
pub fn invoke_from(
    window: &WebviewWindow<MockRuntime>,
    origin: &str,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    tauri::test::get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: origin.parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The exact bytes of every file under `dir`, by relative path, to prove an
/// operation changed nothing on disk.
pub fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// The files under `dirs` that contain `needle`.
pub fn files_containing(dirs: &[&std::path::Path], needle: &[u8]) -> Vec<String> {
    containing(dirs.iter().flat_map(|d| files_under(d)), needle)
}

/// Files under `dir` written at or after `since`: what a test's own run
/// can have left in a shared folder such as the system temp dir.
pub fn files_written_since(
    dir: &std::path::Path,
    since: std::time::SystemTime,
) -> Vec<std::path::PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since)
        })
        .collect()
}

/// Which of `files` contain `needle`.
pub fn containing(
    files: impl IntoIterator<Item = std::path::PathBuf>,
    needle: &[u8],
) -> Vec<String> {
    files
        .into_iter()
        .filter(|p| {
            std::fs::read(p)
                .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
        })
        .map(|p| p.display().to_string())
        .collect()
}

/// A real vault (mock keyring) with the journal on a manual clock that
/// starts at 2026-11-27 15:00 UTC, in `zone`.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    _vault: alongside_core::vault::Vault,
    pub db: alongside_core::store::Database,
    pub clock: Arc<alongside_core::clock::ManualClock>,
}

impl Fixture {
    pub fn journal(&self) -> alongside_core::journal::Journal<'_> {
        alongside_core::journal::Journal::new(&self.db, &self.clock)
    }
}

pub async fn fixture(zone: chrono_tz::Tz) -> Fixture {
    use chrono::TimeZone;
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(alongside_core::clock::ManualClock::in_zone(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 15, 0, 0)
            .unwrap(),
        zone,
    ));
    let vault = alongside_core::vault::Vault::new(dir.path(), mock_keyring(), clock.clone());
    vault
        .create(&alongside_core::logging::Sensitive::new(
            "lantern orchard velvet tide".to_owned(),
        ))
        .await
        .unwrap();
    let db = vault.db().await.unwrap();
    Fixture {
        dir,
        _vault: vault,
        db,
        clock,
    }
}

/// Backs `from` up to a file, checks `canary` is nowhere in its bytes, and
/// restores it into a new vault in `zone`.
pub async fn through_a_backup(
    from: &Fixture,
    canary: &[u8],
    zone: chrono_tz::Tz,
    now: chrono::DateTime<chrono::Utc>,
) -> Fixture {
    use alongside_core::progress::Progress;
    use alongside_core::transfer::backup;
    let file = from.dir.path().join("backup.age");
    let pass = alongside_core::logging::Sensitive::new("harbour lilac compass drift".to_owned());
    backup::write(
        &from.db,
        &from.clock,
        &pass,
        &file,
        now,
        &Progress::unwatched(),
    )
    .await
    .unwrap();
    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.windows(canary.len()).any(|w| w == canary));
    let to = fixture(zone).await;
    backup::restore(&to.db, &to.clock, &file, &pass, &Progress::unwatched())
        .await
        .unwrap();
    to
}

impl Fixture {
    /// Locks the vault and opens it again, as a restart of the app would:
    /// only what reached the file is there.
    pub async fn reopen(&mut self) {
        self._vault.lock().await;
        self._vault
            .unlock(&alongside_core::logging::Sensitive::new(
                "lantern orchard velvet tide".to_owned(),
            ))
            .await
            .unwrap();
        self.db = self._vault.db().await.unwrap();
    }

    /// Closes the database before the process exits (SQLCipher's exit
    /// handler must not race an open pool).
    pub async fn done(self) {
        self.db.close().await;
    }
}

/// Makes a FIFO at `path`: a "file" whose reported size is 0, whose
/// opening waits for a writer and whose reading can go on for ever.
#[cfg(unix)]
pub fn mkfifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: `c` is a NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// The mode bits of what is at `path`.
#[cfg(unix)]
pub fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}
