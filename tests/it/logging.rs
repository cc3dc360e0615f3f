//! The logging rule, checked on disk: user content never reaches the log.

use crate::support::TestApp;
use serde_json::json;
use std::path::Path;

const CANARY: &str = "CANARY-panic-attack-on-the-9-bus";

fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        if bytes.windows(needle.len()).any(|w| w == needle) {
            hits.push(entry.display().to_string());
        }
    }
    hits
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn user_content_in_failing_commands_stays_out_of_the_log() {
    let app = TestApp::new();
    let log_dir = app.dir.path().join("logs");
    let guard = alongside_lib::logging::init(&log_dir).unwrap();

    // Content the member typed, arriving through paths that fail and log.
    let uri = format!("javascript:{CANARY}");
    let err = app
        .invoke("open_contact_link", json!({ "uri": uri }))
        .unwrap_err();
    assert!(!err.to_string().contains(CANARY), "{err}");
    let _ = app.invoke("settings_set_language", json!({ "language": CANARY }));
    tracing::warn!(note = ?alongside_lib::logging::Sensitive::new(CANARY), "a redacted field");
    drop(guard);

    let log = std::fs::read_to_string(walk(&log_dir).first().expect("a log file")).unwrap();
    assert!(
        log.contains("invalid_link"),
        "the failure was logged: {log}"
    );
    assert!(log.contains("‹redacted›"), "{log}");
    assert_eq!(
        files_containing(app.dir.path(), CANARY.as_bytes()),
        Vec::<String>::new()
    );
}
