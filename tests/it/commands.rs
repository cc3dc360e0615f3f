use crate::support::TestApp;
use serde_json::json;

#[test]
fn language_choice_is_saved_to_disk_and_read_back() {
    let app = TestApp::new();
    let defaults = json!({"language": "system", "autoLockMinutes": 5});
    assert_eq!(app.invoke("settings_get", json!({})), Ok(defaults));

    let saved = app.invoke("settings_set_language", json!({"language": "es"}));
    assert_eq!(saved, Ok(json!({"language": "es", "autoLockMinutes": 5})));

    let on_disk = std::fs::read_to_string(app.dir.path().join("settings.json")).unwrap();
    assert!(on_disk.contains("\"es\""), "{on_disk}");
    assert_eq!(
        app.invoke("settings_get", json!({})).unwrap()["language"],
        "es"
    );
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
fn app_info_names_the_data_dir() {
    let app = TestApp::new();
    let info = app.invoke("app_info", json!({})).unwrap();
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["dataDir"], app.dir.path().display().to_string());
}
