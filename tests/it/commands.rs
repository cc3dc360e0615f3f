use crate::support::TestApp;
use serde_json::json;

#[test]
fn language_choice_is_saved_to_disk_and_read_back() {
    let app = TestApp::new();
    let defaults = json!({"language": "system", "autoLockMinutes": 5, "closeToTray": null,
        "crisisCountry": null, "clinicCountry": null, "helpContact": null});
    assert_eq!(app.invoke("settings_get", json!({})), Ok(defaults));

    let saved = app.invoke("settings_set_language", json!({"language": "es"}));
    assert_eq!(
        saved,
        Ok(
            json!({"language": "es", "autoLockMinutes": 5, "closeToTray": null,
            "crisisCountry": null, "clinicCountry": null, "helpContact": null})
        )
    );

    let on_disk = std::fs::read_to_string(app.dir.path().join("settings.json")).unwrap();
    assert!(on_disk.contains("\"es\""), "{on_disk}");
    assert_eq!(
        app.invoke("settings_get", json!({})).unwrap()["language"],
        "es"
    );
}

#[test]
fn the_close_to_tray_answer_is_kept_outside_the_vault() {
    let app = TestApp::new();
    let saved = app
        .invoke("settings_set_close_to_tray", json!({"on": true}))
        .unwrap();
    assert_eq!(saved["closeToTray"], true);
    let on_disk = std::fs::read_to_string(app.dir.path().join("settings.json")).unwrap();
    assert!(on_disk.contains("\"closeToTray\": true"), "{on_disk}");
}

#[test]
fn auto_lock_minutes_are_saved_and_never_is_null() {
    let app = TestApp::new();
    let saved = app
        .invoke("settings_set_auto_lock", json!({"minutes": null}))
        .unwrap();
    assert_eq!(saved["autoLockMinutes"], serde_json::Value::Null);
    let saved = app
        .invoke("settings_set_auto_lock", json!({"minutes": 15}))
        .unwrap();
    assert_eq!(saved["autoLockMinutes"], 15);
    let err = app
        .invoke("settings_set_auto_lock", json!({"minutes": 0}))
        .unwrap_err();
    assert_eq!(err["code"], "invalid_setting");
    let on_disk = std::fs::read_to_string(app.dir.path().join("settings.json")).unwrap();
    assert!(on_disk.contains("\"autoLockMinutes\": 15"), "{on_disk}");
}

#[test]
fn an_unknown_language_is_refused_and_nothing_is_written() {
    let app = TestApp::new();
    let err = app
        .invoke("settings_set_language", json!({"language": "klingon"}))
        .unwrap_err();
    assert!(
        err.as_str().unwrap_or_default().contains("language"),
        "{err}"
    );
    assert!(!app.dir.path().join("settings.json").exists());
}

#[test]
fn only_phone_and_text_links_reach_the_system() {
    let app = TestApp::new();
    for uri in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://example.org",
        "tel:988;x",
    ] {
        let err = app
            .invoke("open_contact_link", json!({ "uri": uri }))
            .unwrap_err();
        assert_eq!(err["code"], "invalid_link", "{uri}: {err}");
        assert!(!err["message"].as_str().unwrap().contains(uri));
    }
}

#[test]
fn the_crisis_country_and_clinic_phone_are_kept_outside_the_vault() {
    let app = TestApp::new();
    let saved = app
        .invoke("settings_set_crisis_country", json!({"country": "GB"}))
        .unwrap();
    assert_eq!(saved["crisisCountry"], "GB");
    let err = app
        .invoke("settings_set_crisis_country", json!({"country": "england"}))
        .unwrap_err();
    assert_eq!(err["code"], "invalid_setting");
    let contact = json!({"name": "Harmony United Psychiatric Care", "phone": "(800) 457-4573",
        "hours": "Mon–Fri 9–5", "fromClinic": false});
    let saved = app
        .invoke("settings_set_help_contact", json!({ "contact": contact }))
        .unwrap();
    assert_eq!(saved["helpContact"], contact);
    let err = app
        .invoke(
            "settings_set_help_contact",
            json!({"contact": {"name": "x", "phone": "call me", "hours": "", "fromClinic": false}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid_setting");
    let on_disk = std::fs::read_to_string(app.dir.path().join("settings.json")).unwrap();
    assert!(on_disk.contains("\"crisisCountry\": \"GB\""), "{on_disk}");
    assert!(on_disk.contains("457-4573"), "{on_disk}");
}

/// The clinic's address decides whose crisis lines show until the member
/// chooses; a choice is never overridden by a later sync, and a sync that
/// reads no country keeps the one it had.
#[test]
fn the_clinics_country_is_kept_and_never_overrides_a_choice() {
    use alongside_core::clinic::ClinicContact;
    let app = TestApp::new();
    let state = app.state();
    let read = |country: Option<&str>| ClinicContact {
        name: "Harmony United Psychiatric Care".into(),
        phone: None,
        country: country.map(str::to_owned),
    };
    state.adopt_clinic_contact(Some(&read(Some("US"))));
    let settings = app.invoke("settings_get", json!({})).unwrap();
    assert_eq!(settings["clinicCountry"], "US");
    assert_eq!(settings["crisisCountry"], json!(null));
    assert_eq!(settings["helpContact"], json!(null), "no phone was read");
    app.invoke("settings_set_crisis_country", json!({"country": "MX"}))
        .unwrap();
    state.adopt_clinic_contact(Some(&read(None)));
    let settings = app.invoke("settings_get", json!({})).unwrap();
    assert_eq!(
        (
            settings["crisisCountry"].clone(),
            settings["clinicCountry"].clone()
        ),
        (json!("MX"), json!("US"))
    );
    let on_disk = std::fs::read_to_string(app.dir.path().join("settings.json")).unwrap();
    assert!(on_disk.contains("\"clinicCountry\": \"US\""), "{on_disk}");
}

#[test]
fn app_info_names_the_data_dir() {
    let app = TestApp::new();
    let info = app.invoke("app_info", json!({})).unwrap();
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["dataDir"], app.dir.path().display().to_string());
}

/// Commands that answer while the vault is locked, and why. Every other
/// command must refuse with `locked`, enforced in Rust.
const WORK_WHILE_LOCKED: &[(&str, &str)] = &[
    ("app_info", "version and data folder, no personal data"),
    (
        "choose_path",
        "opens the desktop's file chooser; returns only a path",
    ),
    (
        "clinic_cancel_sign_in",
        "calls off a sign-in; reads nothing",
    ),
    (
        "autostart_get",
        "whether the desktop starts the app at login",
    ),
    (
        "autostart_set",
        "the desktop's start-at-login entry, no personal data",
    ),
    ("home_folder", "the home folder's path"),
    ("open_contact_link", "crisis lines must work locked"),
    (
        "shell_hide",
        "hides the window and locks; nothing to refuse",
    ),
    (
        "clipboard_copy_text",
        "copies a crisis line's number, which must work locked",
    ),
    (
        "safety_plan_locked",
        "the plan's sealed copy the member opted into; never the vault",
    ),
    (
        "settings_set_crisis_country",
        "which crisis lines Need help now lists, before unlock",
    ),
    (
        "settings_get",
        "language and auto-lock, kept outside the vault",
    ),
    (
        "settings_set_auto_lock",
        "only a shorter wait while locked (tested on its own)",
    ),
    (
        "settings_set_close_to_tray",
        "the same settings, before unlock",
    ),
    ("settings_set_language", "the same settings, before unlock"),
    (
        "reminder_act",
        "a notification's button: snoozes in memory or brings the window up",
    ),
    ("shell_close", "hides the window or quits"),
    ("shell_ready", "shows the window"),
    (
        "transfer_cancel",
        "calls off an import, restore or backup; reads nothing",
    ),
    ("vault_check_passphrase", "strength of a typed passphrase"),
    ("vault_create", "first run"),
    ("vault_lock", "locking"),
    (
        "vault_reset_with_recovery",
        "the way in with the recovery code",
    ),
    (
        "vault_probe_keyring",
        "whether the desktop keyring answers, for setup",
    ),
    ("vault_status", "locked or not"),
    ("vault_suggest_passphrase", "random words, no data"),
    ("vault_touch", "activity for auto-lock"),
    ("vault_unlock", "the way in"),
];

/// A value of each argument type the commands take, enough to get past
/// argument parsing to the vault check.
fn sample(ts_type: &str) -> serde_json::Value {
    if ts_type.ends_with("| null") {
        return serde_json::Value::Null;
    }
    match ts_type {
        "string" => json!("x"),
        "Array<string>" => json!(["x"]),
        "boolean" => json!(true),
        "number" => json!(1),
        "EntryDraft" => json!({"id": null, "title": "", "body": "x", "mood": null,
            "feelings": [], "tags": [], "promptId": null}),
        "SearchQuery" => json!({"text": "x", "from": null, "to": null, "moodMin": null,
            "moodMax": null, "feeling": null, "tag": null}),
        "MoodBucket" => json!("week"),
        "PathKind" => json!("folder"),
        "Language" => json!("en"),
        "Preferences" => json!({"leads": [15], "quietHours": null, "showDetails": false}),
        "SeriesDraft" => json!({"title": "x", "firstDate": "2026-01-05", "time": "18:00:00",
            "zone": "Europe/Madrid", "weeks": 1, "videoLink": null, "skipped": [],
            "allowedInQuietHours": false}),
        "Routine" => json!({"id": "", "kind": "journal", "time": "20:00:00",
            "weekdays": [], "enabled": true}),
        "LogDraft" => json!({"exercise": "box-breathing", "seconds": 60,
            "distressBefore": null, "distressAfter": null, "worksheetId": null}),
        "PracticeLog" => json!({"id": "x", "exercise": "box-breathing",
            "startedAt": "2026-12-01T18:00:00.000Z", "zone": "Europe/Madrid", "seconds": 60,
            "distressBefore": null, "distressAfter": null, "worksheetId": null}),
        "WorksheetDraft" => json!({"id": null, "exercise": "thought-record", "answers": {},
            "completed": false}),
        "Worksheet" => json!({"id": "x", "exercise": "thought-record", "answers": {},
            "createdAt": "2026-12-01T18:00:00.000Z", "updatedAt": "2026-12-01T18:00:00.000Z",
            "completedAt": null}),
        "PracticePreferences" => json!({"weeklyGoal": 3}),
        "HomeworkDraft" => json!({"id": null, "exercise": "dear-man", "description": "",
            "due": null}),
        "Homework" => json!({"id": "x", "clinicTask": null, "status": "requested",
            "exercise": "dear-man", "description": "", "due": null, "zone": "Europe/Madrid",
            "createdAt": "2026-12-01T18:00:00.000Z", "updatedAt": "2026-12-01T18:00:00.000Z",
            "completedAt": null}),
        "SafetyPlan" => json!({"warningSigns": [], "coping": [], "distractions": [],
            "helpers": [], "professionals": [], "environment": [], "reasons": [],
            "updatedAt": null}),
        "SelfCheckDraft" => json!({"instrument": "gad-7", "answers": [0, 0, 0, 0, 0, 0, 0],
            "difficulty": null}),
        "SelfCheck" => json!({"id": "x", "instrument": "gad-7",
            "takenAt": "2026-12-01T18:00:00.000Z", "zone": "Europe/Madrid",
            "answers": [0, 0, 0, 0, 0, 0, 0], "difficulty": null,
            "score": {"total": 0, "max": 21, "band": "minimal", "helpFirst": false},
            "shared": false}),
        "Instrument" => json!("phq-9"),
        "Reply" => json!("declined"),
        "HelpContact" => json!({"name": "x", "phone": "1", "hours": "", "fromClinic": false}),
        "StartupMarks" => {
            json!({"scriptAt": 1.0, "modulesAt": 1.5, "shellAt": 1.6, "answeredAt": 1.7, "settingsAt": 2.0, "vaultAt": 3.0, "mountedAt": 3.5, "paintedAt": 4.0})
        }
        other => panic!("add a sample value for argument type {other}"),
    }
}

#[test]
fn every_command_refuses_while_locked_but_the_listed_few() {
    // The handler and this table come from the one declaration in
    // `contract`; each command answering `locked` below shows it is wired.
    let declared = alongside_lib::contract::COMMANDS;
    for (name, _) in WORK_WHILE_LOCKED {
        assert!(
            declared.iter().any(|c| c.name == *name),
            "{name} is not a command"
        );
    }

    let app = TestApp::new();
    app.invoke(
        "vault_create",
        json!({"passphrase": "lantern orchard velvet tide"}),
    )
    .unwrap();
    app.invoke("vault_lock", json!({})).unwrap();

    let cfg = ts_rs::Config::new();
    let mut checked = 0;
    for command in declared {
        if WORK_WHILE_LOCKED
            .iter()
            .any(|(name, _)| *name == command.name)
        {
            continue;
        }
        let args: serde_json::Map<String, serde_json::Value> = command
            .args
            .iter()
            .map(|(name, ts)| (camel(name), sample(&(ts.name)(&cfg))))
            .collect();
        let err = app
            .invoke(command.name, serde_json::Value::Object(args))
            .expect_err(command.name);
        assert_eq!(err["code"], "locked", "{}: {err}", command.name);
        checked += 1;
    }
    assert_eq!(checked + WORK_WHILE_LOCKED.len(), declared.len());
    assert!(checked >= 25, "{checked}");
}

fn camel(snake: &str) -> String {
    let mut parts = snake.split('_');
    let mut out = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// A page that is not the app's own (the window refuses to navigate to one,
/// but should one ever load) gets no answer from any command.
#[test]
fn commands_answer_only_the_apps_own_pages() {
    let app = TestApp::new();
    let window = app.window();
    assert!(
        crate::support::invoke_from(&window, "tauri://localhost", "app_info", json!({})).is_ok()
    );
    for origin in [
        "https://evil.example/",
        "http://127.0.0.1:8080/",
        "file:///tmp/page.html",
    ] {
        let answer = crate::support::invoke_from(&window, origin, "app_info", json!({}));
        assert!(answer.is_err(), "{origin} was answered: {answer:?}");
    }
}
