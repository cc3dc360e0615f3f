//! One model-based test across capabilities. Random sequences of what a
//! member does — reply and change a reply (a decline with or without a
//! note), agree, tick homework off and on,
//! take, delete and undo self-checks with sharing on and off, write, practise,
//! edit the plan, sync, lock and unlock, quit and restart, disconnect keeping
//! or deleting, sign in again, back up and restore into a fresh vault, change
//! zone, have the clock jump — interleaved with what the clinic does through
//! the real test clinic (cancel, move and add sessions, add and remove
//! homework, end every sign-in, faults). After every step the promises hold:
//!
//! - the reminders due are those a fresh read of the database gives (the
//!   clinic's sessions not cancelled, homework due, routines);
//! - every outbox item made at most one resource at the clinic, exactly one
//!   once sent, none while untried; a reply's note arrived as it was written;
//! - nothing the member deleted before a send was tried reaches the clinic;
//! - after a disconnect that deletes, nothing of the clinic's is kept;
//! - no journal entry, practice or plan item is lost (a restore included).
//!
//! Proptest shrinks a failing sequence and the run's seed is printed.
//! `ALONGSIDE_MODEL_CASES` (300 in CI) and `ALONGSIDE_MODEL_SEED` choose the
//! run; `scripts/bench-model` runs a longer one.

use crate::clinic::{browser, TestClinic};
use crate::support::{mock_keyring, TestApp};
use alongside_core::app_state::occasion_sources;
use alongside_core::clinic::{http_client, Clinic, Outbox};
use alongside_core::clock::{Clock, ManualClock};
use alongside_core::reminders::{HeldReminders, HORIZON};
use alongside_core::store::Database;
use chrono::{Duration, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

const PASSPHRASE: &str = "lantern orchard velvet tide";
const ZONES: [chrono_tz::Tz; 3] = [
    chrono_tz::America::New_York,
    chrono_tz::Europe::Madrid,
    chrono_tz::Asia::Kolkata,
];

#[derive(Debug, Clone)]
enum Step {
    /// `note`: a decline says why, in the member's words.
    Reply {
        pick: usize,
        yes: bool,
        note: bool,
    },
    Agree,
    Homework {
        done: bool,
    },
    TakeCheck {
        shared: bool,
    },
    DeleteCheck {
        pick: usize,
    },
    UndoDelete,
    Write,
    Practise,
    EditPlan,
    Sync,
    Send,
    LockUnlock,
    Restart,
    Disconnect {
        delete: bool,
    },
    SignInAgain,
    BackupRestore,
    Zone {
        pick: usize,
    },
    Jump {
        minutes: i64,
    },
    ClinicCancels {
        pick: usize,
    },
    ClinicMoves {
        pick: usize,
        hours: i64,
    },
    ClinicAddsSession {
        hours: i64,
    },
    ClinicAddsHomework,
    ClinicRemovesHomework,
    ClinicEndsSignIns,
    ClinicFault {
        kind: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (any::<usize>(), any::<bool>(), any::<bool>())
            .prop_map(|(pick, yes, note)| Step::Reply { pick, yes, note }),
        3 => Just(Step::Agree),
        6 => any::<bool>().prop_map(|done| Step::Homework { done }),
        6 => any::<bool>().prop_map(|shared| Step::TakeCheck { shared }),
        5 => any::<usize>().prop_map(|pick| Step::DeleteCheck { pick }),
        3 => Just(Step::UndoDelete),
        4 => Just(Step::Write),
        3 => Just(Step::Practise),
        3 => Just(Step::EditPlan),
        7 => Just(Step::Sync),
        6 => Just(Step::Send),
        1 => Just(Step::LockUnlock),
        1 => Just(Step::Restart),
        2 => any::<bool>().prop_map(|delete| Step::Disconnect { delete }),
        4 => Just(Step::SignInAgain),
        1 => Just(Step::BackupRestore),
        2 => (0..ZONES.len()).prop_map(|pick| Step::Zone { pick }),
        2 => (-180i64..2880).prop_map(|minutes| Step::Jump { minutes }),
        4 => any::<usize>().prop_map(|pick| Step::ClinicCancels { pick }),
        3 => (any::<usize>(), -48i64..72).prop_map(|(pick, hours)| Step::ClinicMoves { pick, hours }),
        3 => (1i64..150).prop_map(|hours| Step::ClinicAddsSession { hours }),
        2 => Just(Step::ClinicAddsHomework),
        2 => Just(Step::ClinicRemovesHomework),
        1 => Just(Step::ClinicEndsSignIns),
        3 => (0usize..5).prop_map(|kind| Step::ClinicFault { kind }),
    ]
}

/// What the member did that must still be there, and what must never reach
/// the clinic.
#[derive(Default)]
struct Model {
    entries: Vec<(String, String)>,
    logs: Vec<String>,
    plan: Vec<String>,
    /// Outbox items of self-checks deleted before any send of them was tried.
    never_sent: BTreeSet<String>,
    /// The last deleted self-check, for Undo, and the items its delete kept back.
    undo: Option<(Value, Vec<String>)>,
    /// Set by a disconnect that deleted, until the next sign-in.
    forgotten: bool,
    written: usize,
}

struct World {
    /// How often each kind of step ran, and what the checks saw, for the summary.
    seen: std::collections::BTreeMap<String, usize>,
    clinic: TestClinic,
    /// A seeded session and Task, to add more like them.
    templates: (Value, Value),
    app: Option<TestApp>,
    clock: Arc<ManualClock>,
    keyring: alongside_core::vault::keyring::Keyring,
    model: Model,
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tauri::async_runtime::block_on(f)
}

impl World {
    fn app(&self) -> &TestApp {
        self.app.as_ref().expect("the app runs between steps")
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.app().invoke(cmd, args)
    }

    fn db(&self) -> Database {
        block_on(self.app().state().vault().db()).expect("the vault is open between steps")
    }

    /// Signs in to the clinic's member as the Sessions card does.
    fn sign_in(&mut self) {
        let state = self.app().state();
        let now = self.clock.now();
        block_on(async {
            let db = state.vault().db().await.unwrap();
            let (http, turn) = (http_client().unwrap(), state.clinic().turn().await);
            let side = Clinic::new(&db, &http, &turn).in_zone(state.clock().zone());
            let address = self.clinic.address();
            // A fault armed for the next request fails the sync that follows
            // the sign-in (the sign-in holds; the next sync catches up) or, a
            // refused token, the sign-in itself: the member signs in again.
            for attempt in 1..=2 {
                let failed = side
                    .sign_in(&address, browser, std::future::pending(), now)
                    .await
                    .err();
                let status = alongside_core::clinic::status(&db).await.unwrap();
                if status.signed_in && !status.expired {
                    break;
                }
                assert!(attempt < 2, "signing in failed twice: {failed:?}");
            }
            state
                .refresh(&[alongside_core::stale::Stale::Reminders])
                .await;
        });
        self.model.forgotten = false;
    }

    /// A new case: the clinic as seeded, the member's vault emptied, signed in.
    fn reset(&mut self) {
        block_on(self.clinic.admin(reqwest::Method::POST, "reset", None));
        self.templates = block_on(async {
            let session = self.clinic.resources("Appointment").await.remove(0);
            let task = self.clinic.resources("Task").await.remove(0);
            (session, task)
        });
        self.clock.set(Utc::now());
        self.clock.set_zone(ZONES[0]);
        let _ = self.call("clinic_sign_out", json!({"forget": true}));
        let db = self.db();
        block_on(async {
            for table in alongside_core::transfer::sections::SECTIONS
                .iter()
                .flat_map(|s| s.tables.iter())
                .filter(|t| **t != "entries_fts")
                .rev()
                .chain(
                    [
                        "sessions",
                        "programmes",
                        "reminder_log",
                        "reminder_snoozes",
                        "clinic_ledger",
                    ]
                    .iter(),
                )
            {
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM \"{table}\"")))
                    .execute(db.pool())
                    .await
                    .unwrap();
            }
        });
        self.model = Model::default();
        self.sign_in();
    }

    fn upcoming_sessions(&self) -> Vec<String> {
        let listed = self.call("sessions_list", json!({})).unwrap_or(json!([]));
        let now = alongside_core::clock::stamp(self.clock.now());
        listed
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| !s["handEntered"].as_bool().unwrap() && !s["cancelled"].as_bool().unwrap())
            .filter(|s| s["startsAt"].as_str().unwrap() > now.as_str())
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    }

    fn clinic_ids(&self, kind: &str) -> Vec<String> {
        block_on(self.clinic.resources(kind))
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    }

    fn count(&mut self, what: &str, n: usize) {
        *self.seen.entry(what.to_owned()).or_default() += n;
    }

    fn run(&mut self, step: &Step) {
        let kind = format!("{step:?}");
        let kind = kind.split([' ', '{']).next().unwrap_or("").to_owned();
        self.count(&kind, 1);
        match step {
            Step::Reply { pick, yes, note } => {
                let upcoming = self.upcoming_sessions();
                if let Some(session) = upcoming.get(pick % upcoming.len().max(1)) {
                    let answer = if *yes { "accepted" } else { "declined" };
                    let note = note.then(|| format!("Can't come, sorry ({pick})"));
                    let _ = self.call(
                        "session_reply",
                        json!({"session": session, "answer": answer, "note": note}),
                    );
                    let _ = self.call("clinic_send", json!({}));
                }
            }
            Step::Agree => {
                let programmes = self.call("programme_list", json!({"language": "en"}));
                if let Some(group) = programmes
                    .ok()
                    .and_then(|p| p[0]["group"].as_str().map(str::to_owned))
                {
                    let _ = self.call("orientation_agree", json!({"group": group}));
                    let _ = self.call("clinic_send", json!({}));
                }
            }
            Step::Homework { done } => {
                let overview = self.call("practice_overview", json!({})).unwrap();
                let theirs = overview["homework"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|h| h["clinicTask"].is_string() && h["status"] != "cancelled")
                    .cloned();
                if let Some(h) = theirs {
                    let _ = self.call("homework_set_done", json!({"id": h["id"], "done": done}));
                }
            }
            Step::TakeCheck { shared } => {
                self.call(
                    "safety_set_sharing",
                    json!({"instrument": "phq-9", "on": shared}),
                )
                .unwrap();
                self.call(
                    "self_check_take",
                    json!({"draft": {"instrument": "phq-9", "answers": [1, 0, 2, 0, 1, 0, 0, 1, 0], "difficulty": null}}),
                )
                .unwrap();
            }
            Step::DeleteCheck { pick } => {
                let checks = self.call("safety_overview", json!({})).unwrap()["checks"].clone();
                let checks = checks.as_array().unwrap();
                if let Some(check) = checks.get(pick % checks.len().max(1)) {
                    let id = check["id"].as_str().unwrap().to_owned();
                    // Items no send of which was tried yet: they must never arrive.
                    let items = block_on(Outbox::new(&self.db()).all()).unwrap();
                    let untried: Vec<String> = items
                        .iter()
                        .filter(|k| matches!(&k.item.payload, alongside_core::clinic::Payload::SelfCheck { check, .. } if *check == id))
                        .filter(|k| k.item.tries == 0 && k.item.state == alongside_core::clinic::OutboxState::Waiting)
                        .map(|k| k.item.id.clone())
                        .collect();
                    let deleted = self.call("self_check_delete", json!({"id": id})).unwrap();
                    self.model.never_sent.extend(untried.iter().cloned());
                    self.model.undo = Some((deleted["check"].clone(), untried));
                }
            }
            Step::UndoDelete => {
                if let Some((check, kept_back)) = self.model.undo.take() {
                    self.call("self_check_restore", json!({"check": check}))
                        .unwrap();
                    for item in kept_back {
                        self.model.never_sent.remove(&item);
                    }
                }
            }
            Step::Write => {
                self.model.written += 1;
                let body = format!("A note, {} — ñandú", self.model.written);
                let saved = self
                    .call(
                        "journal_save",
                        json!({"draft": {"id": null, "title": "", "body": body, "mood": 5, "feelings": [],
                            "tags": [], "promptId": null, "sessionId": null}}),
                    )
                    .unwrap();
                self.model
                    .entries
                    .push((saved["id"].as_str().unwrap().to_owned(), body));
            }
            Step::Practise => {
                let log = self
                    .call(
                        "practice_log_save",
                        json!({"draft": {"exercise": "longer-exhale", "seconds": 180,
                            "distressBefore": 6, "distressAfter": 4, "worksheetId": null}}),
                    )
                    .unwrap();
                self.model.logs.push(log["id"].as_str().unwrap().to_owned());
            }
            Step::EditPlan => {
                let mut plan = self.call("safety_overview", json!({})).unwrap()["plan"].clone();
                self.model.written += 1;
                let text = format!("Walk by the river {}", self.model.written);
                plan["coping"].as_array_mut().unwrap().push(
                    json!({"id": format!("c{}", self.model.written), "text": text, "phone": null}),
                );
                self.call("safety_plan_save", json!({"plan": plan}))
                    .unwrap();
                self.model.plan.push(text);
            }
            Step::Sync => {
                let _ = self.call("clinic_sync", json!({}));
            }
            Step::Send => {
                let _ = self.call("clinic_send", json!({}));
            }
            Step::LockUnlock => {
                self.call("vault_lock", json!({})).unwrap();
                self.call("vault_unlock", json!({"passphrase": PASSPHRASE}))
                    .unwrap();
            }
            Step::Restart => {
                let app = self.app.take().unwrap();
                self.app =
                    Some(app.restart(self.clock.clone() as Arc<dyn Clock>, self.keyring.clone()));
                self.call("vault_unlock", json!({"passphrase": PASSPHRASE}))
                    .unwrap();
            }
            Step::Disconnect { delete } => {
                self.call("clinic_sign_out", json!({"forget": delete}))
                    .unwrap();
                if *delete {
                    self.model.forgotten = true;
                    // What was waiting went with it: nothing of it can go now.
                    self.model.undo = None;
                }
            }
            Step::SignInAgain => {
                let status = self.call("clinic_status", json!({})).unwrap();
                if !status["signedIn"].as_bool().unwrap() || status["expired"].as_bool().unwrap() {
                    self.sign_in();
                }
            }
            Step::BackupRestore => self.through_a_backup(),
            Step::Zone { pick } => self.clock.set_zone(ZONES[*pick]),
            Step::Jump { minutes } => self.clock.advance(Duration::minutes(*minutes)),
            Step::ClinicCancels { pick } => {
                let ids = self.clinic_ids("Appointment");
                block_on(self.clinic.cancel(&ids[pick % ids.len()]));
            }
            Step::ClinicMoves { pick, hours } => {
                let ids = self.clinic_ids("Appointment");
                let to = Utc::now() + Duration::hours(*hours);
                block_on(self.clinic.move_to(&ids[pick % ids.len()], to));
            }
            Step::ClinicAddsSession { hours } => {
                let start = Utc::now() + Duration::hours(*hours);
                block_on(self.clinic.add_like(&self.templates.0, |a| {
                    a["status"] = json!("booked");
                    a["start"] = json!(start.to_rfc3339());
                    a["end"] = json!((start + Duration::minutes(90)).to_rfc3339());
                }));
            }
            Step::ClinicAddsHomework => {
                block_on(
                    self.clinic
                        .add_like(&self.templates.1, |t| t["status"] = json!("requested")),
                );
            }
            Step::ClinicRemovesHomework => {
                if let Some(task) = self.clinic_ids("Task").pop() {
                    block_on(self.clinic.delete("Task", &task));
                }
            }
            Step::ClinicEndsSignIns => {
                block_on(self.clinic.admin(reqwest::Method::POST, "revoke", None));
            }
            Step::ClinicFault { kind } => {
                let (kind, extra) = [
                    ("500", json!({})),
                    ("429", json!({"retryAfter": "1"})),
                    ("slow", json!({"delayMs": 200})),
                    ("malformed", json!({})),
                    ("expired-token", json!({})),
                ][*kind]
                    .clone();
                block_on(self.clinic.fault(kind, extra));
            }
        }
    }

    /// Backs the vault up and restores it into a fresh database: everything
    /// the member made is there, and so is what waits to be told the clinic.
    fn through_a_backup(&self) {
        use alongside_core::progress::Progress;
        use alongside_core::transfer::backup;
        let db = self.db();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.age");
        let pass =
            alongside_core::logging::Sensitive::new("harbour lilac compass drift".to_owned());
        block_on(async {
            backup::write(
                &db,
                &self.clock,
                &pass,
                &file,
                self.clock.now(),
                &Progress::unwatched(),
            )
            .await
            .unwrap();
            let mut key = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
            let fresh = Database::open(&dir.path().join("fresh.db"), &key, true)
                .await
                .unwrap();
            backup::restore(&fresh, &self.clock, &file, &pass, &Progress::unwatched())
                .await
                .unwrap();
            let entries = alongside_core::journal::Journal::new(&fresh, &self.clock)
                .all_entries(true)
                .await
                .unwrap();
            for (id, body) in &self.model.entries {
                assert!(
                    entries.iter().any(|e| &e.id == id && &e.body == body),
                    "entry {id} came back"
                );
            }
            let before: BTreeSet<String> = Outbox::new(&db)
                .all()
                .await
                .unwrap()
                .into_iter()
                .map(|k| k.item.id)
                .collect();
            let after: BTreeSet<String> = Outbox::new(&fresh)
                .all()
                .await
                .unwrap()
                .into_iter()
                .map(|k| k.item.id)
                .collect();
            assert_eq!(before, after, "the outbox came back whole");
            fresh.close().await;
        });
    }

    /// The promises, after every step.
    fn check(&mut self, after: &Step) -> Result<(), TestCaseError> {
        let (sent, reminders) = self.checked(after)?;
        self.count("checks: items sent and at the clinic once", sent);
        self.count("checks: reminders compared", reminders);
        Ok(())
    }

    fn checked(&self, after: &Step) -> Result<(usize, usize), TestCaseError> {
        let state = self.app().state();
        let db = self.db();
        let (now, zone) = (self.clock.now(), self.clock.zone());
        block_on(async {
            // Reminders: as the ticker sees them (it reloads when its book is
            // old) against a fresh read of the database, within the window both hold.
            if state.reminders().needs_load(now) {
                state.reminders().load(&db, now).await.unwrap();
            }
            let fresh = HeldReminders::new().with_sources(occasion_sources());
            fresh.load(&db, now).await.unwrap();
            let window = |d: &HeldReminders| -> Vec<(String, String)> {
                d.upcoming(now, zone)
                    .into_iter()
                    .filter(|r| r.due <= now + HORIZON - Duration::days(2))
                    .map(|r| (r.key, alongside_core::clock::stamp(r.due)))
                    .collect()
            };
            let held = window(state.reminders());
            prop_assert_eq!(&held, &window(&fresh), "reminders after {:?}", after);

            // The outbox against what the clinic holds.
            let items = Outbox::new(&db).all().await.unwrap();
            let mut at_clinic: Vec<Value> = Vec::new();
            for kind in ["AppointmentResponse", "QuestionnaireResponse"] {
                at_clinic.extend(self.clinic.resources(kind).await);
            }
            let made = |id: &str| {
                at_clinic
                    .iter()
                    .filter(|r| match &r["identifier"] {
                        Value::Array(ids) => ids.iter().any(|i| i["value"] == id),
                        one => one["value"] == id,
                    })
                    .count()
            };
            let mut sent = 0;
            for kept in &items {
                let item = &kept.item;
                if matches!(
                    item.payload,
                    alongside_core::clinic::Payload::Homework { .. }
                ) {
                    continue;
                }
                let n = made(&item.id);
                prop_assert!(n <= 1, "{} made {} resources", item.id, n);
                // A reply's note is at the clinic exactly as the outbox holds it.
                if let alongside_core::clinic::Payload::Rsvp { note, .. } = &item.payload {
                    for sent in at_clinic
                        .iter()
                        .filter(|r| r["identifier"][0]["value"] == item.id.as_str())
                    {
                        prop_assert_eq!(
                            sent["comment"].as_str(),
                            note.as_deref(),
                            "note of {}",
                            &item.id
                        );
                    }
                }
                if item.state == alongside_core::clinic::OutboxState::Sent {
                    prop_assert_eq!(n, 1, "sent item {} is at the clinic", &item.id);
                    sent += 1;
                }
                if item.tries == 0 {
                    prop_assert_eq!(n, 0, "untried item {} is not at the clinic", &item.id);
                }
            }
            for gone in &self.model.never_sent {
                prop_assert_eq!(
                    made(gone),
                    0,
                    "deleted self-check item {} reached the clinic",
                    gone
                );
            }

            // A disconnect that deleted leaves nothing of the clinic's.
            if self.model.forgotten {
                for (table, filter) in [
                    ("sessions", ""),
                    ("programmes", ""),
                    ("clinic_outbox", ""),
                    ("clinic_ledger", ""),
                    ("homework", " WHERE clinic_task IS NOT NULL"),
                    ("meta", " WHERE key LIKE 'clinic.%'"),
                ] {
                    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT count(*) FROM {table}{filter}"
                    )))
                    .fetch_one(db.pool())
                    .await
                    .unwrap();
                    prop_assert_eq!(n, 0, "{} after a disconnect that deleted", table);
                }
            }

            // Nothing the member made is lost.
            let entries = alongside_core::journal::Journal::new(&db, state.clock())
                .all_entries(true)
                .await
                .unwrap();
            for (id, body) in &self.model.entries {
                prop_assert!(
                    entries.iter().any(|e| &e.id == id && &e.body == body),
                    "entry {} lost",
                    id
                );
            }
            let logs: Vec<String> = sqlx::query_scalar("SELECT id FROM practice_logs")
                .fetch_all(db.pool())
                .await
                .unwrap();
            for log in &self.model.logs {
                prop_assert!(logs.contains(log), "practice {} lost", log);
            }
            let plan = alongside_core::safety::Safety::new(&db)
                .overview()
                .await
                .unwrap()
                .plan;
            for text in &self.model.plan {
                prop_assert!(
                    plan.coping.iter().any(|i| &i.text == text),
                    "plan item {} lost",
                    text
                );
            }
            Ok((sent, held.len()))
        })
    }
}

#[test]
fn across_capabilities_the_app_keeps_its_promises() {
    let cases: u32 = std::env::var("ALONGSIDE_MODEL_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("ALONGSIDE_MODEL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    println!("model run: {cases} sequences, ALONGSIDE_MODEL_SEED={seed}");

    let clock = Arc::new(ManualClock::in_zone(Utc::now(), ZONES[0]));
    let keyring = mock_keyring();
    let app = TestApp::with(
        tempfile::tempdir().unwrap(),
        clock.clone() as Arc<dyn Clock>,
        keyring.clone(),
    );
    app.invoke("vault_create", json!({"passphrase": PASSPHRASE}))
        .unwrap();
    let world = std::cell::RefCell::new(World {
        seen: Default::default(),
        clinic: TestClinic::start(),
        templates: (Value::Null, Value::Null),
        app: Some(app),
        clock,
        keyring,
        model: Model::default(),
    });

    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let steps = proptest::collection::vec(step(), 1..10);
    let outcome = runner.run(&steps, |steps| {
        let mut world = world.borrow_mut();
        world.reset();
        for step in &steps {
            world.run(step);
            world.check(step)?;
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("ALONGSIDE_MODEL_SEED={seed}: {failure}");
    }
    println!("model run passed: {:#?}", world.borrow().seen);
}
