//! The logging rule, checked on disk: user content never reaches the log.

use crate::support::{containing, files_containing, files_under, files_written_since, TestApp};
use serde_json::json;

const CANARY: &str = "CANARY-panic-attack-on-the-9-bus";

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
    tracing::warn!(note = ?alongside_lib::logging::Sensitive::new(CANARY.to_owned()), "a redacted field");
    drop(guard);

    let log = std::fs::read_to_string(files_under(&log_dir).first().expect("a log file")).unwrap();
    assert!(
        log.contains("invalid_link"),
        "the failure was logged: {log}"
    );
    assert!(log.contains("‹redacted›"), "{log}");
    assert_eq!(
        files_containing(&[app.dir.path()], CANARY.as_bytes()),
        Vec::<String>::new()
    );
}

/// Distinctive text written through the app's own paths (the vault's key
/// store, journal entries and their search index) is nowhere on disk in the
/// clear: not in the database, its -wal/-shm, the key file, the
/// logs, nor anywhere in the temp dir — while unlocked and after locking.
#[tokio::test(flavor = "multi_thread")]
async fn plaintext_canary_is_nowhere_on_disk() {
    use alongside_lib::logging::Sensitive;
    use alongside_lib::store::Meta;
    use alongside_lib::vault::Vault;

    // Whatever this run writes in the shared temp dir is written from now
    // on (a second early for coarse file-system clocks); older files there
    // cannot hold this run's canary, and may be many gigabytes.
    let started = std::time::SystemTime::now() - std::time::Duration::from_secs(1);
    let dir = tempfile::tempdir().unwrap();
    let guard = alongside_lib::logging::init(&dir.path().join("logs")).unwrap();
    let canary = format!("CANARY-{}-I-was-so-scared", std::process::id());
    let passphrase = format!("{canary} lantern orchard");
    let vault = Vault::new(
        dir.path(),
        crate::support::mock_keyring(),
        std::sync::Arc::new(alongside_lib::clock::SystemClock),
    );
    vault
        .create(&Sensitive::new(passphrase.clone()))
        .await
        .unwrap();
    let db = vault.db().await.unwrap();
    for i in 0..50 {
        Meta::new(&db)
            .set(&format!("note-{i}"), &canary.repeat(20))
            .await
            .unwrap();
    }
    assert_eq!(
        Meta::new(&db).get("note-7").await.unwrap(),
        Some(canary.repeat(20))
    );
    let _ = vault
        .unlock(&Sensitive::new(format!("{canary} wrong")))
        .await;

    let tmp = std::env::temp_dir();
    let written = || {
        let mut files = files_under(dir.path());
        files.extend(files_written_since(&tmp, started));
        files
    };
    assert!(
        dir.path().join("alongside.db-wal").exists(),
        "the WAL is in use"
    );
    assert_eq!(
        containing(written(), canary.as_bytes()),
        Vec::<String>::new()
    );
    vault.lock().await;
    drop(guard);
    assert_eq!(
        containing(written(), canary.as_bytes()),
        Vec::<String>::new()
    );
    assert_eq!(
        containing(written(), passphrase.as_bytes()),
        Vec::<String>::new()
    );
}
