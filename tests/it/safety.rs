//! Safety on a real encrypted database and through the commands: the
//! safety plan (round trip, limits, the opt-in copy readable while locked),
//! self-check results (scored by the backend, item 9, sharing marked as
//! taken), the self-check reminder, and all of it through a backup.

use crate::support::{fixture, mock_keyring, through_a_backup, TestApp};
use alongside_core::clock::Clock;
use alongside_core::error::Coded;
use alongside_core::reminders::OccasionSource;
use alongside_core::safety::{
    Instrument, PlanItem, Safety, SafetyPlan, SafetyPreferences, SelfCheckDraft, SelfCheckSource,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::json;

fn item(id: &str, text: &str) -> PlanItem {
    PlanItem {
        id: id.into(),
        text: text.into(),
        phone: None,
    }
}

fn local(zone: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    zone.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn sheet(instrument: Instrument, answers: &[u8]) -> SelfCheckDraft {
    SelfCheckDraft {
        instrument,
        answers: answers.iter().map(|a| Some(*a)).collect(),
        difficulty: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_is_kept_whole_in_order_and_refuses_what_does_not_fit() {
    let a = fixture(Tz::America__New_York).await;
    let safety = Safety::new(&a.db);
    let empty = safety.plan().await.unwrap();
    assert_eq!(empty, SafetyPlan::default());
    assert_eq!(empty.updated_at, None, "never written");

    let mut plan = SafetyPlan {
        warning_signs: vec![
            item("w1", "I stop answering messages"),
            item("w2", "Can't sleep"),
        ],
        helpers: vec![PlanItem {
            phone: Some("+1 (555) 010-2030".into()),
            ..item("h1", "My sister Ana")
        }],
        reasons: vec![item("r1", "Walking the dog at dawn")],
        ..Default::default()
    };
    let now = a.clock.now();
    let saved = safety.save_plan(&plan, now).await.unwrap();
    assert!(saved.updated_at.is_some());
    // Reordered, as the member moved the second sign up.
    plan.warning_signs.reverse();
    safety.save_plan(&plan, now).await.unwrap();
    let back = safety.plan().await.unwrap();
    assert_eq!(back.warning_signs, plan.warning_signs);
    assert_eq!(back.helpers[0].phone.as_deref(), Some("+1 (555) 010-2030"));

    let mut too_long = plan.clone();
    too_long.coping = vec![item("c1", &"x".repeat(501))];
    let err = safety.save_plan(&too_long, now).await.unwrap_err();
    assert_eq!(err.code(), "safety_plan_invalid");
    let mut letters = plan.clone();
    letters.helpers[0].phone = Some("call Ana".into());
    assert_eq!(
        safety.save_plan(&letters, now).await.unwrap_err().code(),
        "safety_plan_invalid"
    );
    let mut too_many = plan.clone();
    too_many.reasons = (0..51).map(|i| item(&format!("r{i}"), "x")).collect();
    assert!(safety.save_plan(&too_many, now).await.is_err());
    assert_eq!(
        safety.plan().await.unwrap().warning_signs,
        plan.warning_signs,
        "unchanged"
    );
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn results_are_scored_here_item_9_puts_help_first_and_sharing_is_marked_as_taken() {
    let a = fixture(Tz::America__New_York).await;
    let safety = Safety::new(&a.db);
    let now = a.clock.now();
    let zone = Tz::America__New_York;

    let mut phq = sheet(Instrument::Phq9, &[2, 1, 1, 2, 1, 1, 1, 2, 1]);
    phq.difficulty = Some(2);
    let first = safety.take_check(&phq, now, zone).await.unwrap();
    assert_eq!((first.score.total, first.score.max), (12, 27));
    assert_eq!(first.score.band, alongside_core::safety::Band::Moderate);
    assert!(first.score.help_first, "item 9 answered 1");
    assert!(!first.shared, "sharing is off by default");
    assert_eq!(first.difficulty, Some(2));

    let mut missing = sheet(Instrument::Gad7, &[1; 7]);
    missing.answers[2] = None;
    let err = safety.take_check(&missing, now, zone).await.unwrap_err();
    assert_eq!(err.code(), "check_unanswered");
    let err = safety
        .take_check(&sheet(Instrument::Gad7, &[1, 1, 1, 4, 1, 1, 1]), now, zone)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "check_invalid");

    safety
        .set_preferences(&SafetyPreferences {
            share_gad7: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let gad = safety
        .take_check(
            &sheet(Instrument::Gad7, &[3; 7]),
            now + Duration::minutes(5),
            zone,
        )
        .await
        .unwrap();
    assert!(gad.shared, "taken while GAD-7 sharing was on");
    assert_eq!(
        (gad.score.total, gad.score.band),
        (21, alongside_core::safety::Band::Severe)
    );
    let listed = safety.checks().await.unwrap();
    assert_eq!(
        listed.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        [gad.id.clone(), first.id.clone()]
    );

    // Deleted with undo: the restored one is scored again from its answers.
    let gone = safety.delete_check(&first.id).await.unwrap();
    assert_eq!(safety.checks().await.unwrap().len(), 1);
    let mut tampered = gone.clone();
    tampered.score.total = 0;
    let restored = safety.insert_check(&tampered).await.unwrap();
    assert_eq!(restored.score.total, 12, "handed back as stored");
    let back = safety.checks().await.unwrap();
    assert_eq!(back[1].score.total, 12);
    assert_eq!(
        safety.delete_check("nope").await.unwrap_err().code(),
        "not_found"
    );

    let err = safety
        .set_preferences(&SafetyPreferences {
            check_every_days: Some(3),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "check_cadence_invalid");
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_self_check_is_asked_again_every_two_weeks_from_the_last_one() {
    let zone = Tz::Europe__Madrid;
    let a = fixture(zone).await;
    let safety = Safety::new(&a.db);
    let taken = local(zone, 2026, 11, 2, 21, 30);
    let window = (taken, taken + Duration::days(60));
    let none = SelfCheckSource
        .occasions(&a.db, window.0, window.1)
        .await
        .unwrap();
    assert!(none.is_empty(), "never taken: not asked");

    safety
        .take_check(&sheet(Instrument::Gad7, &[1; 7]), taken, zone)
        .await
        .unwrap();
    let due = SelfCheckSource
        .occasions(&a.db, window.0, window.1)
        .await
        .unwrap();
    let at: Vec<DateTime<Utc>> = due.iter().map(|o| o.at).collect();
    // 10:00 in Madrid, every 14 days; the first after the end of daylight saving is still 10:00.
    assert_eq!(
        at,
        [
            local(zone, 2026, 11, 16, 10, 0),
            local(zone, 2026, 11, 30, 10, 0),
            local(zone, 2026, 12, 14, 10, 0),
            local(zone, 2026, 12, 28, 10, 0),
        ]
    );
    assert!(due.iter().all(|o| o.screen == "safety/check"));
    // Asked long after: only what falls in the window, not a backlog.
    let late = SelfCheckSource
        .occasions(
            &a.db,
            taken + Duration::days(400),
            taken + Duration::days(413),
        )
        .await
        .unwrap();
    assert_eq!(late.len(), 1);

    safety
        .set_preferences(&SafetyPreferences {
            check_every_days: None,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(SelfCheckSource
        .occasions(&a.db, window.0, window.1)
        .await
        .unwrap()
        .is_empty());
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plan_and_results_go_through_a_backup_but_the_locked_copy_stays_with_this_desktop() {
    let zone = Tz::America__New_York;
    let a = fixture(zone).await;
    let safety = Safety::new(&a.db);
    let now = a.clock.now();
    safety
        .save_plan(
            &SafetyPlan {
                reasons: vec![item("r1", "lighthouse-canary")],
                ..Default::default()
            },
            now,
        )
        .await
        .unwrap();
    safety
        .take_check(&sheet(Instrument::Phq9, &[1; 9]), now, zone)
        .await
        .unwrap();
    safety
        .set_preferences(&SafetyPreferences {
            plan_readable_locked: true,
            share_phq9: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let kept = safety.kept().await.unwrap();

    let b = through_a_backup(&a, b"lighthouse-canary", zone, now).await;
    let restored = Safety::new(&b.db);
    let back = restored.kept().await.unwrap();
    assert_eq!(back.checks, kept.checks);
    assert_eq!(
        back.plan.as_ref().map(|p| &p.reasons),
        kept.plan.as_ref().map(|p| &p.reasons)
    );
    let prefs = restored.preferences().await.unwrap();
    assert!(prefs.share_phq9);
    assert!(
        !prefs.plan_readable_locked,
        "turned on again on this computer if wanted"
    );
    a.done().await;
    b.done().await;
}

#[test]
fn with_the_opt_in_the_plan_reads_while_locked_and_turning_it_off_deletes_the_copy() {
    let keyring = mock_keyring();
    let app = TestApp::with(
        tempfile::tempdir().unwrap(),
        std::sync::Arc::new(alongside_core::clock::SystemClock),
        keyring.clone(),
    );
    app.invoke(
        "vault_create",
        json!({"passphrase": "lantern orchard velvet tide"}),
    )
    .unwrap();
    let plan = json!({"warningSigns": [], "coping": [{"id": "c1", "text": "Cold water on my face", "phone": null}],
        "distractions": [], "helpers": [], "professionals": [], "environment": [],
        "reasons": [], "updatedAt": null});
    app.invoke("safety_plan_save", json!({ "plan": plan }))
        .unwrap();
    assert_eq!(
        app.invoke("safety_plan_locked", json!({})),
        Ok(serde_json::Value::Null),
        "not opted in"
    );
    let copy = app.dir.path().join("safety-plan.sealed");
    assert!(!copy.exists());

    let prefs = app
        .invoke("safety_plan_set_readable_locked", json!({"on": true}))
        .unwrap();
    assert_eq!(prefs["planReadableLocked"], true);
    assert!(copy.exists());
    // Edits reach the copy too.
    let mut edited = plan.clone();
    edited["coping"][0]["text"] = json!("Cold water, then a walk");
    app.invoke("safety_plan_save", json!({ "plan": edited }))
        .unwrap();
    let sealed = std::fs::read(&copy).unwrap();
    assert!(!sealed.windows(10).any(|w| w == b"Cold water"), "sealed");

    app.invoke("vault_lock", json!({})).unwrap();
    assert_eq!(
        app.invoke("vault_status", json!({})).unwrap()["state"],
        "locked"
    );
    let shown = app.invoke("safety_plan_locked", json!({})).unwrap();
    assert_eq!(shown["coping"][0]["text"], "Cold water, then a walk");
    assert_eq!(
        app.invoke("vault_status", json!({})).unwrap()["state"],
        "locked",
        "the vault stayed closed"
    );
    assert_eq!(
        app.invoke("safety_overview", json!({})).unwrap_err()["code"],
        "locked"
    );

    app.invoke(
        "vault_unlock",
        json!({"passphrase": "lantern orchard velvet tide"}),
    )
    .unwrap();
    let key_name = app.state().plan_copy().key_name().to_owned();
    assert!(
        keyring.get(&key_name).is_ok(),
        "the copy's key is in the keyring"
    );
    app.invoke("safety_plan_set_readable_locked", json!({"on": false}))
        .unwrap();
    assert!(!copy.exists(), "turning it off deletes the copy");
    assert!(
        keyring.get(&key_name).is_err(),
        "and its key in the keyring"
    );
    app.invoke("vault_lock", json!({})).unwrap();
    assert_eq!(
        app.invoke("safety_plan_locked", json!({})),
        Ok(serde_json::Value::Null)
    );
}

/// A new vault set up in the same folder (the old one's files gone) does not
/// show the previous member's plan on its lock screen: the sealed copy and
/// its keyring key go with the new setup.
#[test]
fn a_new_vault_in_the_same_folder_removes_the_old_lock_screen_copy() {
    let keyring = mock_keyring();
    let app = TestApp::with(
        tempfile::tempdir().unwrap(),
        std::sync::Arc::new(alongside_core::clock::SystemClock),
        keyring.clone(),
    );
    let passphrase = json!({"passphrase": "lantern orchard velvet tide"});
    app.invoke("vault_create", passphrase.clone()).unwrap();
    let plan = json!({"warningSigns": [], "coping": [{"id": "c1", "text": "Call Ana", "phone": null}],
        "distractions": [], "helpers": [], "professionals": [], "environment": [],
        "reasons": [], "updatedAt": null});
    app.invoke("safety_plan_save", json!({ "plan": plan }))
        .unwrap();
    app.invoke("safety_plan_set_readable_locked", json!({"on": true}))
        .unwrap();
    let copy = app.dir.path().join("safety-plan.sealed");
    assert!(copy.exists());
    app.invoke("vault_lock", json!({})).unwrap();
    for name in [
        "alongside.db",
        "alongside.db-wal",
        "alongside.db-shm",
        "vault.keys",
        "vault.keys.prev",
    ] {
        let _ = std::fs::remove_file(app.dir.path().join(name));
    }

    app.invoke("vault_create", passphrase).unwrap();
    assert!(!copy.exists());
    assert!(keyring.get(app.state().plan_copy().key_name()).is_err());
    app.invoke("vault_lock", json!({})).unwrap();
    assert_eq!(
        app.invoke("safety_plan_locked", json!({})),
        Ok(serde_json::Value::Null)
    );
}
