//! SQLCipher's own logging is off: a wrong key (or a foreign file) must not
//! put "hmac check failed" and friends on stderr, where a desktop session
//! log would keep them. Checked in a child process whose stderr is captured.

use alongside_core::error::Coded;
use alongside_core::store::Database;
use std::process::Command;

const CHILD_DIR: &str = "ALONGSIDE_QUIET_CHILD_DIR";
const TEST_NAME: &str = "quiet::a_wrong_key_prints_nothing_on_stderr";

#[test]
fn a_wrong_key_prints_nothing_on_stderr() {
    if let Some(dir) = std::env::var_os(CHILD_DIR) {
        let path = std::path::PathBuf::from(dir).join("x.db");
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let db = Database::open(&path, &[1; 32], true).await.unwrap();
            db.close().await;
            let err = Database::open(&path, &[2; 32], false).await.unwrap_err();
            assert_eq!(err.code(), "database_unreadable");
        });
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([TEST_NAME, "--exact", "--test-threads=1"])
        .env(CHILD_DIR, dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed: {stderr}");
    // A filter that matched nothing would pass with nothing checked.
    assert!(
        stdout.contains("running 1 test") && stdout.contains("1 passed"),
        "the child ran exactly this test: {stdout}"
    );
    assert_eq!(stderr.trim(), "", "SQLCipher wrote to stderr");
}
