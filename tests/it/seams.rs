//! Where capabilities meet, driven through the commands as the UI calls
//! them: what the clinic changes reaches the reminders at once; clinic work
//! runs one piece at a time, so racing syncs, sends and a disconnect keep
//! the member signed in, send each item once and leave nothing behind a
//! disconnect; the outbox sends exactly what the member last said, and
//! nothing they deleted.

use crate::clinic::{browser, TestClinic};
use crate::support::{invoke_on, TestApp};
use alongside_core::clinic::{http_client, Clinic, Sessions};
use alongside_core::reminders::What;
use alongside_core::scheduler::Task;
use chrono::Utc;
use serde_json::{json, Value};
use std::time::Duration;

const PASSPHRASE: &str = "lantern orchard velvet tide";

/// A member with a vault, signed in to the test clinic the way the
/// Sessions card does it, their reminders read.
fn signed_in_app() -> (TestClinic, TestApp) {
    let clinic = TestClinic::start();
    let app = TestApp::new();
    app.invoke("vault_create", json!({ "passphrase": PASSPHRASE }))
        .unwrap();
    let state = app.state();
    tauri::async_runtime::block_on(async {
        let db = state.vault().db().await.unwrap();
        let (http, turn) = (http_client().unwrap(), state.clinic().turn().await);
        Clinic::new(&db, &http, &turn)
            .sign_in(
                &clinic.address(),
                browser,
                std::future::pending(),
                Utc::now(),
            )
            .await
            .unwrap();
        state
            .refresh(&[alongside_core::stale::Stale::Reminders])
            .await;
    });
    (clinic, app)
}

/// The sessions the held reminders will remind of, as the ticker and tray see them.
fn reminded_sessions(app: &TestApp) -> Vec<String> {
    let state = app.state();
    let (now, zone) = (state.clock().now(), state.clock().zone());
    let mut ids: Vec<String> = state
        .reminders()
        .upcoming(now, zone)
        .into_iter()
        .filter_map(|r| match r.what {
            // The clinic's sessions are keyed by their Appointment id.
            What::Session { session, .. } => session.strip_prefix("clinic:").map(str::to_owned),
            _ => None,
        })
        .collect();
    ids.dedup();
    ids
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tauri::async_runtime::block_on(f)
}

#[test]
fn what_the_clinic_cancels_leaves_the_reminders_at_the_sync() {
    let (clinic, app) = signed_in_app();
    let before = reminded_sessions(&app);
    assert!(!before.is_empty(), "the seeded group has a session coming");
    let session = before[0].clone();

    // From the Sessions screen's "Update now".
    block_on(clinic.cancel(&session));
    app.invoke("clinic_sync", json!({})).unwrap();
    assert!(
        !reminded_sessions(&app).contains(&session),
        "a session the clinic cancelled is not announced"
    );

    // From the background: what its task declares stale is what the shell
    // refreshes after a round that changed something. The clinic moves the
    // last week's session to tomorrow: it is announced at its new time.
    let state = app.state();
    let last = block_on(async {
        let db = state.vault().db().await.unwrap();
        Sessions::new(&db).all().await.unwrap().pop().unwrap().id
    });
    assert!(!reminded_sessions(&app).contains(&last));
    block_on(clinic.move_to(&last, Utc::now() + chrono::Duration::hours(26)));
    block_on(async {
        let db = state.vault().db().await.unwrap();
        let (http, turn) = (http_client().unwrap(), state.clinic().turn().await);
        Clinic::new(&db, &http, &turn)
            .sync(Utc::now())
            .await
            .unwrap();
        state.refresh(Task::ClinicSync.makes_stale()).await;
    });
    assert!(reminded_sessions(&app).contains(&last));
}

#[test]
fn homework_saved_is_a_reminder_at_once() {
    let app = TestApp::new();
    app.invoke("vault_create", json!({ "passphrase": PASSPHRASE }))
        .unwrap();
    let state = app.state();
    let tomorrow = (state.clock().now() + chrono::Duration::days(1))
        .with_timezone(&state.clock().zone())
        .date_naive();
    app.invoke(
        "homework_save",
        json!({"draft": {"id": null, "exercise": "box-breathing", "description": "", "due": tomorrow.to_string()}}),
    )
    .unwrap();
    let (now, zone) = (state.clock().now(), state.clock().zone());
    let occasions = state
        .reminders()
        .upcoming(now, zone)
        .into_iter()
        .filter(|r| matches!(&r.what, What::Occasion { source, .. } if source == "homework"))
        .count();
    assert_eq!(occasions, 1, "the due date is a reminder without a reload");
}

/// Two syncs, a send and a reply at the same moment, against a clinic that
/// rotates refresh tokens and revokes the sign-in when one is used twice.
#[test]
fn racing_syncs_and_sends_keep_the_member_signed_in_and_send_once() {
    let (clinic, app) = signed_in_app();
    let session = reminded_sessions(&app)[0].clone();
    let window = app.window();
    std::thread::scope(|scope| {
        let runs = [
            scope.spawn(|| invoke_on(&window, "clinic_sync", json!({}))),
            scope.spawn(|| invoke_on(&window, "clinic_sync", json!({}))),
            scope.spawn(|| invoke_on(&window, "clinic_send", json!({}))),
            scope.spawn(|| {
                invoke_on(
                    &window,
                    "session_reply",
                    json!({"session": session, "answer": "accepted"}),
                )?;
                invoke_on(&window, "clinic_send", json!({}))
            }),
        ];
        for run in runs {
            run.join().unwrap().unwrap();
        }
    });
    app.invoke("clinic_sync", json!({})).unwrap();
    let status = app.invoke("clinic_status", json!({})).unwrap();
    assert_eq!(
        (status["signedIn"].clone(), status["expired"].clone()),
        (json!(true), json!(false))
    );
    let reuse = block_on(clinic.admin(reqwest::Method::GET, "token-reuse", None));
    assert_eq!(reuse["reuses"], 0, "no refresh token was used twice");
    let replies = from_outbox(&block_on(clinic.resources("AppointmentResponse")));
    assert_eq!(replies.len(), 1, "{replies:?}");
}

/// A disconnect that deletes what was kept, made while a sync is reading:
/// it waits for the round, and nothing of the clinic's comes back after it.
#[test]
fn a_disconnect_during_a_sync_leaves_nothing_written_after_it() {
    let (clinic, app) = signed_in_app();
    block_on(clinic.fault("slow", json!({"delayMs": 1500})));
    let window = app.window();
    std::thread::scope(|scope| {
        let sync = scope.spawn(|| invoke_on(&window, "clinic_sync", json!({})));
        std::thread::sleep(Duration::from_millis(300));
        let out = scope.spawn(|| invoke_on(&window, "clinic_sign_out", json!({"forget": true})));
        out.join().unwrap().unwrap();
        let _ = sync.join().unwrap();
    });
    let state = app.state();
    block_on(async {
        let db = state.vault().db().await.unwrap();
        assert_eq!(Sessions::new(&db).count().await.unwrap(), 0);
        let clinic_homework: i64 =
            sqlx::query_scalar("SELECT count(*) FROM homework WHERE clinic_task IS NOT NULL")
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert_eq!(clinic_homework, 0);
        let kept: Vec<String> =
            sqlx::query_scalar("SELECT key FROM meta WHERE key LIKE 'clinic.%'")
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert_eq!(kept, Vec::<String>::new());
    });
    assert!(reminded_sessions(&app).is_empty());
}

/// A shared self-check whose send failed once, then deleted: it is not sent
/// (the member is told the clinic may hold it); Undo queues it again, and
/// it arrives once.
#[test]
fn a_deleted_self_check_is_not_sent_whatever_was_tried_and_undo_sends_it_once() {
    let (clinic, app) = signed_in_app();
    app.invoke(
        "safety_set_sharing",
        json!({"instrument": "phq-9", "on": true}),
    )
    .unwrap();
    let answers = json!([1, 1, 0, 0, 1, 0, 0, 0, 0]);
    let check = app
        .invoke(
            "self_check_take",
            json!({"draft": {"instrument": "phq-9", "answers": answers, "difficulty": null}}),
        )
        .unwrap();
    block_on(clinic.fault("500", json!({"path": "/QuestionnaireResponse"})));
    assert!(app.invoke("clinic_send", json!({})).is_err());

    let deleted = app
        .invoke("self_check_delete", json!({"id": check["id"]}))
        .unwrap();
    assert_eq!(deleted["maybeAtClinic"], true);
    app.invoke("clinic_sync", json!({})).unwrap();
    let shared = || from_outbox(&block_on(clinic.resources("QuestionnaireResponse")));
    assert!(
        !shared().iter().any(is_phq9),
        "nothing deleted reaches the clinic"
    );

    app.invoke("self_check_restore", json!({"check": deleted["check"]}))
        .unwrap();
    app.invoke("clinic_sync", json!({})).unwrap();
    assert_eq!(shared().iter().filter(|r| is_phq9(r)).count(), 1);
}

/// Homework un-ticked while its "done" is on the way: "sent" means the
/// clinic got that value, and the clinic ends with what the member last said.
#[test]
fn a_change_during_a_send_is_sent_after_it() {
    let (clinic, app) = signed_in_app();
    let homework = app.invoke("practice_overview", json!({})).unwrap()["homework"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["clinicTask"].is_string())
        .cloned()
        .expect("the seeded Task is homework");
    let (id, task) = (homework["id"].clone(), homework["clinicTask"].clone());
    block_on(clinic.fault(
        "slow",
        json!({"delayMs": 1500, "path": format!("Task/{}", task.as_str().unwrap()), "method": "GET"}),
    ));
    let window = app.window();
    std::thread::scope(|scope| {
        let send = scope.spawn(|| {
            invoke_on(
                &window,
                "homework_set_done",
                json!({"id": id, "done": true}),
            )?;
            invoke_on(&window, "clinic_send", json!({}))
        });
        std::thread::sleep(Duration::from_millis(500));
        invoke_on(
            &window,
            "homework_set_done",
            json!({"id": id, "done": false}),
        )
        .unwrap();
        send.join().unwrap().unwrap();
    });
    app.invoke("clinic_sync", json!({})).unwrap();
    let tasks = block_on(clinic.resources("Task"));
    let held = tasks.iter().find(|t| t["id"] == task).unwrap();
    assert_ne!(
        held["status"], "completed",
        "the clinic holds what the member last said"
    );
    let items = app.invoke("clinic_outbox", json!({})).unwrap();
    let homework_items: Vec<&Value> = items
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["payload"]["kind"] == "homework")
        .collect();
    assert_eq!(homework_items.len(), 2, "{homework_items:?}");
    assert!(homework_items.iter().all(|i| i["state"] == "sent"));
}

/// Resources the outbox made: they carry its identifier (one, or in a list,
/// as the resource type has it).
fn from_outbox(resources: &[Value]) -> Vec<Value> {
    let ours = |i: &Value| i["system"] == "urn:alongside:outbox";
    resources
        .iter()
        .filter(|r| match &r["identifier"] {
            Value::Array(ids) => ids.iter().any(ours),
            one => ours(one),
        })
        .cloned()
        .collect()
}

fn is_phq9(resource: &Value) -> bool {
    resource.to_string().contains("44249-1")
}
