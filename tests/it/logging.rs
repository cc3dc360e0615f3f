//! The logging rule, checked on disk: user content never reaches the log.

use crate::support::{containing, files_containing, files_under, files_written_since, TestApp};
use serde_json::json;

const CANARY: &str = "CANARY-panic-attack-on-the-9-bus";

#[test]
fn user_content_in_failing_commands_stays_out_of_the_log() {
    let app = TestApp::new();
    let log_dir = app.dir.path().join("logs");
    let guard = alongside_core::logging::init(&log_dir).unwrap();

    // Content the member typed, arriving through paths that fail and log.
    let uri = format!("javascript:{CANARY}");
    let err = app
        .invoke("open_contact_link", json!({ "uri": uri }))
        .unwrap_err();
    assert!(!err.to_string().contains(CANARY), "{err}");
    // A value that reaches the app's own check (a setting's value is a
    // string to the IPC layer) and is refused there, where it is logged.
    let refused = app
        .invoke("settings_set_crisis_country", json!({ "country": CANARY }))
        .unwrap_err();
    assert_eq!(refused["code"], "invalid_setting", "the app's check ran");
    tracing::warn!(note = ?alongside_core::logging::Sensitive::new(CANARY.to_owned()), "a redacted field");
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

/// Distinctive text written through the app's own paths — entries (title,
/// body, tags) and their search index, a search, a backup, an export the
/// member did not confirm, a clinic sign-in and a failed one, all with every
/// log level asked for — is nowhere on disk in the clear: not in any file
/// under the data dir (database, WAL, key files, logs, backups) nor in
/// anything this run wrote to the temp dir. Neither are the database key,
/// the clinic's Patient id, its refresh token or the clinic's address.
#[test]
fn plaintext_canary_is_nowhere_on_disk() {
    use alongside_core::store::Meta;
    use alongside_core::vault::keyslots::{SlotFile, SlotKind};
    use alongside_core::vault::recovery::RecoverySecret;

    // Whatever this run writes in the shared temp dir is written from now
    // on (a second early for coarse file-system clocks); older files there
    // cannot hold this run's canary, and may be many gigabytes.
    let started = std::time::SystemTime::now() - std::time::Duration::from_secs(1);
    std::env::set_var("ALONGSIDE_LOG", "trace");
    let clinic = crate::clinic::TestClinic::start();
    std::env::set_var(
        "ALONGSIDE_BROWSER",
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clinic/browser.mjs"),
    );
    let app = TestApp::new();
    let data = app.dir.path().to_owned();
    let guard = alongside_core::logging::init(&data.join("logs")).unwrap();
    let canary = format!("CANARY{}xIwasSoScared", std::process::id());
    let passphrase = format!("{canary} lantern orchard");

    let created = app
        .invoke("vault_create", json!({ "passphrase": passphrase }))
        .unwrap();
    for i in 0..20 {
        app.invoke(
            "journal_save",
            json!({"draft": {"id": null, "title": format!("{canary} title {i}"),
                "body": format!("{canary} body {i}. ").repeat(20), "mood": 2, "feelings": [],
                "tags": [format!("{canary}tag")], "promptId": null}}),
        )
        .unwrap();
    }
    app.invoke(
        "reminders_save_series",
        json!({"id": null, "draft": {"title": format!("{canary} group"), "firstDate": "2026-11-24",
            "time": "18:00:00", "zone": "Europe/Madrid", "weeks": null,
            "videoLink": format!("https://meet.example.org/{canary}"), "skipped": [],
            "allowedInQuietHours": false}}),
    )
    .unwrap();
    app.invoke("reminders_overview", json!({})).unwrap();
    let sheet = app
        .invoke(
            "practice_worksheet_save",
            json!({"draft": {"id": null, "exercise": "thought-record", "completed": true,
                "answers": {"situation": format!("{canary} situation"), "intensity": 80,
                    "balancedThought": format!("{canary} balanced")}}}),
        )
        .unwrap();
    app.invoke(
        "practice_log_save",
        json!({"draft": {"exercise": "thought-record", "seconds": 300, "distressBefore": 7,
            "distressAfter": 4, "worksheetId": sheet["id"]}}),
    )
    .unwrap();
    app.invoke(
        "homework_save",
        json!({"draft": {"id": null, "exercise": "dear-man", "due": "2026-12-10",
            "description": format!("{canary} ask my sister")}}),
    )
    .unwrap();
    app.invoke("practice_overview", json!({})).unwrap();
    // The safety plan, with its copy for the lock screen (sealed under the keyring's key).
    app.invoke(
        "safety_plan_save",
        json!({"plan": {"warningSigns": [{"id": "w1", "text": format!("{canary} warning sign"), "phone": null}],
            "coping": [], "distractions": [], "helpers": [{"id": "h1", "text": format!("{canary} my sister"),
            "phone": "555 0100"}], "professionals": [], "environment": [],
            "reasons": [{"id": "r1", "text": format!("{canary} reason"), "phone": null}], "updatedAt": null}}),
    )
    .unwrap();
    app.invoke("safety_plan_set_readable_locked", json!({"on": true}))
        .unwrap();
    app.invoke(
        "self_check_take",
        json!({"draft": {"instrument": "phq-9", "answers": [1, 1, 1, 1, 1, 1, 1, 1, 1], "difficulty": 1}}),
    )
    .unwrap();
    // A plan page the member did not confirm writing out.
    app.invoke(
        "safety_plan_export",
        json!({"folder": data.join("plan-page").display().to_string(), "understood": false,
            "html": format!("<p>{canary}</p>"), "passphrase": passphrase}),
    )
    .unwrap_err();
    assert!(!data.join("plan-page").exists());
    let hits = app
        .invoke(
            "journal_search",
            json!({"query": {"text": canary, "from": null, "to": null,
            "moodMin": null, "moodMax": null, "feeling": null, "tag": null}}),
        )
        .unwrap();
    assert!(!hits.as_array().unwrap().is_empty());
    let backups = data.join("backups");
    app.invoke(
        "backup_configure",
        json!({"passphrase": "harbour lantern copper meadow", "folder": backups.display().to_string(),
            "automatic": true, "vaultPassphrase": passphrase}),
    )
    .unwrap();
    app.invoke("backup_now", json!({})).unwrap();
    // An export the member did not confirm, and one with the wrong passphrase.
    let exports = data.join("exports");
    for (understood, typed) in [
        (false, passphrase.clone()),
        (true, format!("{canary} wrong")),
    ] {
        app.invoke(
            "export_markdown",
            json!({"folder": exports.display().to_string(), "understood": understood, "passphrase": typed}),
        )
        .unwrap_err();
    }
    assert!(!exports.exists(), "nothing was exported");
    // A sign-in that fails at a closed port, with the canary in its address,
    // and a real one.
    let closed = format!("http://127.0.0.1:9/fhir/{canary}");
    let err = app
        .invoke("clinic_sign_in", json!({ "address": closed }))
        .unwrap_err();
    assert_eq!(err["code"], "clinic_unreachable");
    let status = app
        .invoke("clinic_sign_in", json!({ "address": clinic.fhir() }))
        .unwrap();
    assert_eq!(status["signedIn"], true);
    // What goes back: a reply, the orientation agreement, a shared self-check.
    let sessions = app.invoke("sessions_list", json!({})).unwrap();
    let upcoming = sessions
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|s| s["cancelled"] == false && s["handEntered"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.invoke(
        "session_reply",
        json!({"session": upcoming, "answer": "declined", "note": format!("{canary} working late")}),
    )
    .unwrap();
    let programmes = app
        .invoke("programme_list", json!({"language": "en"}))
        .unwrap();
    let group = programmes[0]["group"].as_str().unwrap().to_owned();
    app.invoke("orientation_agree", json!({ "group": group }))
        .unwrap();
    app.invoke(
        "safety_set_sharing",
        json!({"instrument": "phq-9", "on": true}),
    )
    .unwrap();
    app.invoke(
        "self_check_take",
        json!({"draft": {"instrument": "phq-9", "answers": [2, 1, 1, 1, 1, 1, 1, 1, 0], "difficulty": null}}),
    )
    .unwrap();
    app.invoke("clinic_sync", json!({})).unwrap();
    let outbox = app.invoke("clinic_outbox", json!({})).unwrap();
    let sent = outbox.as_array().unwrap();
    assert_eq!(sent.len(), 3, "{outbox}");
    assert!(sent.iter().all(|i| i["state"] == "sent"), "{outbox}");

    let db = tauri::async_runtime::block_on(app.state().vault().db()).unwrap();
    let meta = |key: &str| {
        tauri::async_runtime::block_on(Meta::new(&db).get(key))
            .unwrap()
            .unwrap_or_else(|| panic!("{key} is kept"))
    };
    let (patient, refresh) = (meta("clinic.patient"), meta("clinic.refresh_token"));
    let host = url::Url::parse(clinic.fhir()).unwrap();
    let host = format!("{}:{}", host.host_str().unwrap(), host.port().unwrap());
    let code = RecoverySecret::parse(created["code"].as_str().unwrap()).unwrap();
    let key = SlotFile::load(&data.join("vault.keys"))
        .unwrap()
        .open_with_secret(SlotKind::Recovery, code.as_bytes())
        .unwrap();

    let tmp = std::env::temp_dir();
    let written = || {
        let mut files = files_under(&data);
        files.extend(files_written_since(&tmp, started));
        files
    };
    let needles: Vec<(&str, Vec<u8>)> = vec![
        ("canary", canary.clone().into_bytes()),
        ("passphrase", passphrase.clone().into_bytes()),
        ("hex key", hex::encode(*key).into_bytes()),
        ("hex key (upper)", hex::encode_upper(*key).into_bytes()),
        ("raw key", key.to_vec()),
        ("patient id", patient.into_bytes()),
        ("refresh token", refresh.into_bytes()),
        ("clinic address", host.into_bytes()),
        ("session replied to", upcoming.into_bytes()),
        ("group", group.into_bytes()),
    ];
    let scan = |when: &str| {
        for (what, needle) in &needles {
            assert_eq!(
                containing(written(), needle),
                Vec::<String>::new(),
                "{what} on disk {when}"
            );
        }
    };
    assert!(data.join("alongside.db-wal").exists(), "the WAL is in use");
    scan("while unlocked");
    drop(db);
    app.invoke("vault_lock", json!({})).unwrap();
    drop(guard);
    let log = files_under(&data.join("logs"));
    assert!(!log.is_empty(), "the log was written");
    scan("after locking");
}
