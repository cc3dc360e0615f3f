//! While the vault is open, anything that would hand the journal to
//! someone else asks for the passphrase again, checked in Rust: a plain
//! export, a new backup passphrase or folder (auto-unlock is in vault.rs).

use crate::support::{files_under, TestApp};
use crate::vault::PASSPHRASE;
use serde_json::json;

const WRONG: &str = "not my passphrase at all";
const BACKUP_PASSPHRASE: &str = "harbour lantern copper meadow";

fn unlocked_app_with_an_entry() -> TestApp {
    let app = TestApp::new();
    app.invoke("vault_create", json!({ "passphrase": PASSPHRASE }))
        .unwrap();
    app.invoke(
        "journal_save",
        json!({"draft": {"id": null, "title": "Tuesday", "body": "It went better than I feared.",
            "mood": 4, "feelings": [], "tags": [], "promptId": null}}),
    )
    .unwrap();
    app
}

#[test]
fn a_plain_export_needs_the_acknowledgement_and_the_passphrase() {
    let app = unlocked_app_with_an_entry();
    for command in ["export_markdown", "export_json"] {
        let out = tempfile::tempdir().unwrap();
        let folder = out.path().display().to_string();
        let refused = [
            (false, PASSPHRASE, "export_not_acknowledged"),
            (true, WRONG, "wrong_passphrase"),
        ];
        for (understood, passphrase, code) in refused {
            let err = app
                .invoke(
                    command,
                    json!({ "folder": folder, "understood": understood, "passphrase": passphrase }),
                )
                .unwrap_err();
            assert_eq!(err["code"], code, "{command}: {err}");
            assert!(
                files_under(out.path()).is_empty(),
                "{command} wrote nothing"
            );
        }
        let done = app
            .invoke(
                command,
                json!({ "folder": folder, "understood": true, "passphrase": PASSPHRASE }),
            )
            .unwrap();
        assert_eq!(done["count"], 1, "{command}");
        assert!(!files_under(out.path()).is_empty());
    }
}

#[test]
fn a_new_backup_passphrase_or_folder_needs_the_vault_passphrase() {
    let app = unlocked_app_with_an_entry();
    let first = tempfile::tempdir().unwrap();
    let configure = |passphrase: Option<&str>,
                     folder: &std::path::Path,
                     automatic: bool,
                     vault: Option<&str>| {
        app.invoke(
            "backup_configure",
            json!({ "passphrase": passphrase, "folder": folder.display().to_string(),
                    "automatic": automatic, "vaultPassphrase": vault }),
        )
    };
    let err = configure(Some(BACKUP_PASSPHRASE), first.path(), true, None).unwrap_err();
    assert_eq!(err["code"], "passphrase_required");
    let err = configure(Some(BACKUP_PASSPHRASE), first.path(), true, Some(WRONG)).unwrap_err();
    assert_eq!(err["code"], "wrong_passphrase");
    assert_eq!(
        app.invoke("backup_settings", json!({})).unwrap()["ready"],
        false
    );

    let saved = configure(
        Some(BACKUP_PASSPHRASE),
        first.path(),
        true,
        Some(PASSPHRASE),
    )
    .unwrap();
    assert_eq!(saved["ready"], true);
    // Turning daily backups off or on again, same folder, is not a hand-over.
    let saved = configure(None, first.path(), false, None).unwrap();
    assert_eq!(saved["automatic"], false);

    let other = tempfile::tempdir().unwrap();
    let err = configure(None, other.path(), true, None).unwrap_err();
    assert_eq!(err["code"], "passphrase_required");
    let settings = app.invoke("backup_settings", json!({})).unwrap();
    assert_eq!(settings["folder"], first.path().display().to_string());
    configure(None, other.path(), true, Some(PASSPHRASE)).unwrap();
}
