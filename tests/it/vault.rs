//! The vault on real SQLCipher files in temp dirs.

use crate::support::{files_under, mock_keyring, snapshot, TestApp};
use alongside_core::clock::SystemClock;
use alongside_core::error::Coded;
use alongside_core::logging::Sensitive;
use alongside_core::store::{Database, Meta};
use alongside_core::vault::keyring::Keyring;
use alongside_core::vault::{Vault, VaultState};
use serde_json::json;
use std::sync::Arc;

pub const PASSPHRASE: &str = "lantern orchard velvet tide";
const NEW_PASSPHRASE: &str = "copper meadow quiet harbour";

fn secret(s: &str) -> Sensitive<String> {
    Sensitive::new(s.to_owned())
}

fn vault_in(dir: &std::path::Path, keyring: Keyring) -> Arc<Vault> {
    Arc::new(Vault::new(dir, keyring, Arc::new(SystemClock)))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_vault_is_sqlcipher_4_with_wal_full_sync_and_private_files() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    assert_eq!(vault.status().await.state, VaultState::Absent);
    let code = vault.create(&secret(PASSPHRASE)).await.unwrap();
    assert_eq!(code.code.len(), 34);
    assert_eq!(vault.status().await.state, VaultState::Unlocked);

    let db = vault.db().await.unwrap();
    let version = db.cipher_version().await.unwrap();
    assert!(version.starts_with("4."), "cipher_version {version}");
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let secure_delete: i64 = sqlx::query_scalar("PRAGMA secure_delete")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(secure_delete, 1, "deleted rows are overwritten");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(fk, 1);
    let migrated: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert!(migrated >= 1);

    // The database header is not SQLite's plaintext magic.
    let head = std::fs::read(vault.db_path()).unwrap();
    assert_ne!(&head[..16], b"SQLite format 3\0");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The app sets umask 077 at start; here the files it creates itself
        // are checked, and SQLite's own follow the database file's mode.
        for f in [vault.db_path(), vault.keys_path()] {
            let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode & 0o077, 0, "{f:?} is {mode:o}");
        }
    }
    // Close before the process exits: SQLCipher's exit handler must not race an open pool.
    vault.lock().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_passphrase_changes_no_file_and_paces_retries() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    vault.create(&secret(PASSPHRASE)).await.unwrap();
    Meta::new(&vault.db().await.unwrap())
        .set("k", "v", chrono::Utc::now())
        .await
        .unwrap();
    vault.lock().await;
    let before = snapshot(dir.path());

    for _ in 0..3 {
        let err = vault
            .unlock(&secret("not the passphrase"))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "wrong_passphrase");
        assert!(!err.to_string().contains("not the passphrase"));
    }
    // After three misses the next try must wait.
    let err = vault.unlock(&secret(PASSPHRASE)).await.unwrap_err();
    assert_eq!(err.code(), "too_many_attempts");
    assert!(vault.status().await.retry_after_secs.is_some());
    assert_eq!(snapshot(dir.path()), before, "no file changed");

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    vault.unlock(&secret(PASSPHRASE)).await.unwrap();
    assert_eq!(
        Meta::new(&vault.db().await.unwrap())
            .get("k")
            .await
            .unwrap()
            .as_deref(),
        Some("v")
    );
    // Close before the process exits: SQLCipher's exit handler must not race an open pool.
    vault.lock().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn locking_refuses_data_access_until_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    vault.create(&secret(PASSPHRASE)).await.unwrap();
    let db = vault.db().await.unwrap();
    Meta::new(&db)
        .set("greeting", "hola", chrono::Utc::now())
        .await
        .unwrap();
    assert!(vault.lock().await);
    assert_eq!(vault.db().await.unwrap_err().code(), "locked");
    // A handle taken before the lock is closed too.
    assert!(Meta::new(&db).get("greeting").await.is_err());
    assert_eq!(vault.status().await.state, VaultState::Locked);

    // A restart: a new Vault on the same folder.
    let vault = vault_in(dir.path(), mock_keyring());
    assert_eq!(vault.status().await.state, VaultState::Locked);
    vault.unlock(&secret(PASSPHRASE)).await.unwrap();
    let db = vault.db().await.unwrap();
    assert_eq!(
        Meta::new(&db).get("greeting").await.unwrap().as_deref(),
        Some("hola")
    );
    // Close before the process exits: SQLCipher's exit handler must not race an open pool.
    vault.lock().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_the_passphrase_rewraps_the_key_and_leaves_data_alone() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    vault.create(&secret(PASSPHRASE)).await.unwrap();
    Meta::new(&vault.db().await.unwrap())
        .set("k", "v", chrono::Utc::now())
        .await
        .unwrap();
    vault.lock().await;
    vault.unlock(&secret(PASSPHRASE)).await.unwrap();
    let db_before = snapshot(dir.path()).remove("alongside.db");

    let weak = vault
        .change_passphrase(&secret(PASSPHRASE), &secret("password1"))
        .await;
    assert_eq!(weak.unwrap_err().code(), "weak_passphrase");
    let wrong = vault
        .change_passphrase(&secret("nope nope nope"), &secret(NEW_PASSPHRASE))
        .await;
    assert_eq!(wrong.unwrap_err().code(), "wrong_passphrase");
    vault
        .change_passphrase(&secret(PASSPHRASE), &secret(NEW_PASSPHRASE))
        .await
        .unwrap();
    assert_eq!(
        snapshot(dir.path()).remove("alongside.db"),
        db_before,
        "no re-encryption"
    );

    vault.lock().await;
    assert_eq!(
        vault.unlock(&secret(PASSPHRASE)).await.unwrap_err().code(),
        "wrong_passphrase"
    );
    vault.unlock(&secret(NEW_PASSPHRASE)).await.unwrap();
    assert_eq!(
        Meta::new(&vault.db().await.unwrap())
            .get("k")
            .await
            .unwrap()
            .as_deref(),
        Some("v")
    );
    // Close before the process exits: SQLCipher's exit handler must not race an open pool.
    vault.lock().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_recovery_code_sets_a_new_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    let code = vault.create(&secret(PASSPHRASE)).await.unwrap().code;
    vault.lock().await;

    let wrong = vault
        .reset_with_recovery(
            &secret("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"),
            &secret(NEW_PASSPHRASE),
        )
        .await;
    assert_eq!(wrong.unwrap_err().code(), "wrong_recovery_code");
    let typed = code.to_lowercase().replace('-', " ");
    vault
        .reset_with_recovery(&secret(&typed), &secret(NEW_PASSPHRASE))
        .await
        .unwrap();
    assert_eq!(vault.status().await.state, VaultState::Unlocked);

    vault.lock().await;
    assert_eq!(
        vault.unlock(&secret(PASSPHRASE)).await.unwrap_err().code(),
        "wrong_passphrase"
    );
    vault.unlock(&secret(NEW_PASSPHRASE)).await.unwrap();

    // A new recovery code replaces the old one.
    let fresh = vault
        .new_recovery_code(&secret(NEW_PASSPHRASE))
        .await
        .unwrap()
        .code;
    assert_ne!(fresh, code);
    vault.lock().await;
    let old = vault
        .reset_with_recovery(&secret(&code), &secret(PASSPHRASE))
        .await;
    assert_eq!(old.unwrap_err().code(), "wrong_recovery_code");
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_unlock_through_the_keyring_and_off_again() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
    let vault = vault_in(dir.path(), Keyring::with_store(store.clone()));
    vault.create(&secret(PASSPHRASE)).await.unwrap();
    vault
        .set_auto_unlock(true, Some(&secret(PASSPHRASE)))
        .await
        .unwrap();
    assert!(vault.status().await.auto_unlock);
    vault.lock().await;

    // Restart: opens with no passphrase.
    let vault = vault_in(dir.path(), Keyring::with_store(store.clone()));
    vault.start().await;
    let status = vault.status().await;
    assert_eq!(status.state, VaultState::Unlocked);
    assert_eq!(status.keyring_available, Some(true));

    vault.set_auto_unlock(false, None).await.unwrap();
    let keys = std::fs::read_to_string(vault.keys_path()).unwrap();
    assert!(!keys.contains("\"keyring\""), "slot removed");
    let entries =
        keyring_core::Entry::search_in_store(&store, &Default::default()).unwrap_or_default();
    for e in entries {
        assert!(e.get_secret().is_err(), "keyring entry deleted");
    }
    vault.lock().await;

    let vault = vault_in(dir.path(), Keyring::with_store(store));
    vault.start().await;
    let status = vault.status().await;
    assert_eq!(
        status.state,
        VaultState::Locked,
        "asks for the passphrase again"
    );
    assert!(!status.auto_unlock_failed);
}

#[tokio::test(flavor = "multi_thread")]
async fn keyring_failures_are_reported_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
    let vault = vault_in(dir.path(), Keyring::with_store(store.clone()));
    vault.create(&secret(PASSPHRASE)).await.unwrap();
    let keys_before = std::fs::read(vault.keys_path()).unwrap();

    // The Secret Service refuses the write.
    let keys: serde_json::Value = serde_json::from_slice(&keys_before).unwrap();
    let name = format!("vault-{}", keys["vault_id"].as_str().unwrap());
    let entry =
        keyring_core::Entry::new_in_store(&store, "org.alongside.companion", &name).unwrap();
    let mock: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
    mock.set_error(keyring_core::Error::NoStorageAccess(
        "locked collection".into(),
    ));
    let err = vault
        .set_auto_unlock(true, Some(&secret(PASSPHRASE)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "keyring_unavailable");
    assert_eq!(
        std::fs::read(vault.keys_path()).unwrap(),
        keys_before,
        "key file untouched"
    );

    // It works once the keyring answers; then fails to read at the next start.
    vault
        .set_auto_unlock(true, Some(&secret(PASSPHRASE)))
        .await
        .unwrap();
    vault.lock().await;
    let mock: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
    mock.set_error(keyring_core::Error::PlatformFailure(
        "no secret service".into(),
    ));
    let vault = vault_in(dir.path(), Keyring::with_store(store));
    vault.start().await;
    let status = vault.status().await;
    assert_eq!(status.state, VaultState::Locked);
    assert!(status.auto_unlock_failed);
    vault.unlock(&secret(PASSPHRASE)).await.unwrap();
    // Close before the process exits: SQLCipher's exit handler must not race an open pool.
    vault.lock().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_foreign_or_damaged_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    vault.create(&secret(PASSPHRASE)).await.unwrap();
    vault.lock().await;
    for f in files_under(dir.path()) {
        if f.to_string_lossy().contains("alongside.db-") {
            std::fs::remove_file(f).unwrap();
        }
    }

    // A plain SQLite file where the vault should be.
    let plain = dir.path().join("alongside.db");
    std::fs::remove_file(&plain).unwrap();
    write_plain_sqlite(&plain).await;
    let before = snapshot(dir.path());
    let err = vault.unlock(&secret(PASSPHRASE)).await.unwrap_err();
    assert_eq!(err.code(), "database_unreadable", "{err}");
    assert_eq!(snapshot(dir.path()), before);

    // Random bytes.
    std::fs::write(&plain, vec![0x5a; 8192]).unwrap();
    let before = snapshot(dir.path());
    assert_eq!(
        vault.unlock(&secret(PASSPHRASE)).await.unwrap_err().code(),
        "database_unreadable"
    );
    assert_eq!(snapshot(dir.path()), before);
    assert_eq!(
        vault.create(&secret(PASSPHRASE)).await.unwrap_err().code(),
        "vault_exists"
    );

    // A damaged key file.
    std::fs::write(vault.keys_path(), b"{\"format\":1}").unwrap();
    let before = snapshot(dir.path());
    assert_eq!(
        vault.unlock(&secret(PASSPHRASE)).await.unwrap_err().code(),
        "vault_damaged"
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// Writes an ordinary, unencrypted SQLite database at `path`.
async fn write_plain_sqlite(path: &std::path::Path) {
    use sqlx::{ConnectOptions, Connection};
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    sqlx::query("CREATE TABLE t (x TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[test]
fn commands_that_need_the_key_answer_locked() {
    let app = TestApp::new();
    assert_eq!(
        app.invoke("vault_status", json!({})).unwrap()["state"],
        "absent"
    );
    let created = app
        .invoke("vault_create", json!({ "passphrase": PASSPHRASE }))
        .unwrap();
    assert_eq!(created["code"].as_str().unwrap().len(), 34);
    let status = app.invoke("vault_lock", json!({})).unwrap();
    assert_eq!(status["state"], "locked");
    for (cmd, args) in [
        (
            "vault_change_passphrase",
            json!({ "current": PASSPHRASE, "next": NEW_PASSPHRASE }),
        ),
        (
            "vault_new_recovery_code",
            json!({ "passphrase": PASSPHRASE }),
        ),
        (
            "vault_set_auto_unlock",
            json!({ "enabled": true, "passphrase": PASSPHRASE }),
        ),
    ] {
        let err = app.invoke(cmd, args).unwrap_err();
        assert_eq!(err["code"], "locked", "{cmd}: {err}");
    }
    let err = app
        .invoke("vault_unlock", json!({ "passphrase": "wrong wrong wrong" }))
        .unwrap_err();
    assert_eq!(
        err,
        json!({"code": "wrong_passphrase", "message": "the passphrase does not match"})
    );
    let status = app
        .invoke("vault_unlock", json!({ "passphrase": PASSPHRASE }))
        .unwrap();
    assert_eq!(status["state"], "unlocked");
}

#[test]
fn the_strength_check_refuses_the_very_weak() {
    let app = TestApp::new();
    let weak = app
        .invoke(
            "vault_check_passphrase",
            json!({ "passphrase": "password" }),
        )
        .unwrap();
    assert_eq!(weak["acceptable"], false);
    let good = app
        .invoke(
            "vault_check_passphrase",
            json!({ "passphrase": PASSPHRASE }),
        )
        .unwrap();
    assert_eq!(good["acceptable"], true);
    let err = app
        .invoke("vault_create", json!({ "passphrase": "password" }))
        .unwrap_err();
    assert_eq!(err["code"], "weak_passphrase");
}

#[tokio::test(flavor = "multi_thread")]
async fn database_opens_only_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let db = Database::open(&path, &[1; 32], true).await.unwrap();
    Meta::new(&db)
        .set("a", "b", chrono::Utc::now())
        .await
        .unwrap();
    db.close().await;
    let err = Database::open(&path, &[2; 32], false).await.unwrap_err();
    assert_eq!(err.code(), "database_unreadable");
    let db = Database::open(&path, &[1; 32], false).await.unwrap();
    assert_eq!(db.integrity_problems().await.unwrap(), Vec::<String>::new());
    db.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_key_file_still_opens_from_its_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    vault.create(&secret(PASSPHRASE)).await.unwrap();
    // A rewrite keeps the version before it.
    vault
        .set_auto_unlock(true, Some(&secret(PASSPHRASE)))
        .await
        .unwrap();
    let prev = dir.path().join("vault.keys.prev");
    assert!(prev.exists());
    vault.lock().await;
    std::fs::write(vault.keys_path(), b"{\"format\": \"alongside-keysl").unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    vault.unlock(&secret(PASSPHRASE)).await.unwrap();
    assert_eq!(vault.status().await.state, VaultState::Unlocked);

    // A new passphrase leaves no copy on disk that the old one opens.
    vault
        .change_passphrase(&secret(PASSPHRASE), &secret(NEW_PASSPHRASE))
        .await
        .unwrap();
    vault.lock().await;
    std::fs::remove_file(vault.keys_path()).unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    let err = vault.unlock(&secret(PASSPHRASE)).await.unwrap_err();
    assert_eq!(err.code(), "wrong_passphrase");
    vault.unlock(&secret(NEW_PASSPHRASE)).await.unwrap();
    vault.lock().await;
}

#[test]
fn suggested_passphrases_come_in_the_members_language_and_are_accepted() {
    let app = TestApp::new();
    for language in ["en", "es"] {
        let suggested = app
            .invoke("vault_suggest_passphrase", json!({ "language": language }))
            .unwrap();
        let words = suggested["passphrase"].as_str().unwrap().to_owned();
        assert_eq!(words.split(' ').count(), 6, "{words}");
        let strength = app
            .invoke("vault_check_passphrase", json!({ "passphrase": words }))
            .unwrap();
        assert_eq!(strength["acceptable"], true, "{words}");
    }
}

/// The unlock screen needs nothing from the keyring, so start-up does not
/// wait for it; a screen that offers automatic unlock asks.
#[tokio::test(flavor = "multi_thread")]
async fn a_vault_without_automatic_unlock_starts_without_asking_the_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path(), mock_keyring());
    vault.create(&secret(PASSPHRASE)).await.unwrap();
    vault.lock().await;

    let vault = vault_in(dir.path(), mock_keyring());
    vault.start().await;
    let status = vault.status().await;
    assert_eq!(status.state, VaultState::Locked);
    assert_eq!(status.keyring_available, None, "not asked");
    assert!(vault.refresh_keyring().await);
    assert_eq!(vault.status().await.keyring_available, Some(true));
}
