//! The outbox against the test clinic: what the member says is stored
//! first, sent once however the clinic fails, and what the clinic holds
//! equals what the member sees.

use crate::clinic::{browser, signed_in, week, TestClinic};
use alongside_core::clinic::{
    http_client, http_client_waiting, Clinic, ClinicError, Ledger, LedgerAction, Outbox,
    OutboxState, Reply, Sessions, Telling, Worker,
};
use alongside_core::error::Coded;
use alongside_core::practice::{Practice, TaskStatus};
use alongside_core::safety::{Instrument, Safety, SelfCheckDraft};
use alongside_core::store::Database;
use chrono::Utc;
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const NY: Tz = Tz::America__New_York;

impl TestClinic {
    /// Every resource of `kind` the clinic holds.
    async fn all(&self, kind: &str) -> Vec<Value> {
        let token = self.staff_token().await;
        let bundle: Value = reqwest::Client::new()
            .get(format!("{}/{kind}?_count=1000", self.fhir))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        bundle["entry"]
            .as_array()
            .map(|e| e.iter().map(|e| e["resource"].clone()).collect())
            .unwrap_or_default()
    }

    /// Until no request the clinic received is still being answered (a
    /// slow one the app gave up on lands before the next round).
    async fn settle(&self) {
        for _ in 0..200 {
            let in_flight = self.admin(reqwest::Method::GET, "in-flight", None).await;
            if in_flight["count"] == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("a request to the clinic never finished");
    }
}

/// Validates `resources` against FHIR R4's JSON schema (`tests/clinic/validate.mjs`);
/// returns its summary line.
fn validate_fhir(resources: &[&Value]) -> String {
    use std::io::Write;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clinic/validate.mjs");
    let mut child = std::process::Command::new("node")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = serde_json::to_vec(resources).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    text.trim().to_owned()
}

/// The outbox id each resource carries, with how many resources carry it.
fn by_identifier(resources: &[Value]) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for r in resources {
        let identifier = r["identifier"]
            .as_array()
            .map_or(&r["identifier"], |i| &i[0]);
        if identifier["system"] == "urn:alongside:outbox" {
            *seen
                .entry(identifier["value"].as_str().unwrap().to_owned())
                .or_insert(0) += 1;
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_made_while_the_clinic_is_down_is_sent_once_after_a_restart() {
    let (clinic, mut f) = signed_in(NY).await;
    let http = http_client().unwrap();
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    let week6 = week(&sessions, 6).id.clone();
    // A note to the facilitators, with spaces the member left around it.
    let note = "Working late this week; I'll catch up on the homework.";
    let item = Outbox::new(&f.db)
        .reply(
            &week6,
            Reply::Declined,
            Some(&format!("  {note}\n")),
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!((item.state, item.tries), (OutboxState::Waiting, 0));

    // The clinic is down (the send, then the reads): the reply stays, marked as tried.
    clinic.fault("500", json!({"count": 4})).await;
    for _ in 0..2 {
        let down = Clinic::new(&f.db, &http, &Worker::default().turn().await)
            .sync(Utc::now())
            .await;
        assert_eq!(down.unwrap_err().code(), "clinic_error");
    }
    // Quit and start again: the reply is still waiting.
    f.reopen().await;
    let held = Outbox::new(&f.db).one(&item.id).await.unwrap();
    assert_eq!((held.state, held.tries), (OutboxState::Waiting, 2));
    assert!(clinic.all("AppointmentResponse").await.is_empty());

    let status = Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .sync(Utc::now())
        .await
        .unwrap();
    assert_eq!(status.outbox_waiting, 0);
    let sent = clinic.all("AppointmentResponse").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["participantStatus"], "declined");
    assert_eq!(sent[0]["comment"], note, "the note arrives as written");
    assert_eq!(
        sent[0]["appointment"]["reference"],
        format!("Appointment/{week6}")
    );
    assert_eq!(sent[0]["identifier"][0]["value"], item.id.as_str());

    // A send whose answer never came (the app gave up waiting, the clinic
    // stored it anyway) is found by its identifier, not made again.
    let changed = Outbox::new(&f.db)
        .reply(&week6, Reply::Accepted, None, Utc::now())
        .await
        .unwrap();
    assert_ne!(changed.id, item.id, "a sent reply is followed, not changed");
    let impatient = http_client_waiting(Duration::from_millis(400)).unwrap();
    clinic
        .fault(
            "slow",
            json!({"delayMs": 900, "path": "/AppointmentResponse"}),
        )
        .await;
    let lost = Clinic::new(&f.db, &impatient, &Worker::default().turn().await)
        .sync(Utc::now())
        .await;
    assert_eq!(lost.unwrap_err().code(), "clinic_unreachable");
    clinic.settle().await;
    assert_eq!(clinic.all("AppointmentResponse").await.len(), 2);
    Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .sync(Utc::now())
        .await
        .unwrap();
    let sent = clinic.all("AppointmentResponse").await;
    assert_eq!(by_identifier(&sent).values().max(), Some(&1), "{sent:?}");
    assert_eq!(sent.len(), 2);
    let again = Outbox::new(&f.db).one(&changed.id).await.unwrap();
    assert_eq!(again.state, OutboxState::Sent);

    // The ledger lists each send with the fields it carried.
    let ledger = Ledger::new(&f.db).recent(200).await.unwrap();
    let sends: Vec<_> = ledger
        .iter()
        .filter(|e| e.action == LedgerAction::SendReply)
        .collect();
    assert!(sends.len() >= 4, "{sends:?}");
    assert!(sends
        .iter()
        .all(|e| e.method == "POST" && e.fields.iter().any(|f| f.name == "participantStatus")));
    assert!(sends[0]
        .fields
        .iter()
        .any(|f| f.name == "participantStatus" && f.value == "accepted"));
    // Yes after all leaves the note behind; the decline listed it, word for word.
    assert!(sends[0].fields.iter().all(|f| f.name != "comment"));
    let declined = sends.last().unwrap();
    assert!(declined
        .fields
        .iter()
        .any(|f| f.name == "comment" && f.value == note));

    // Replies close when the session starts; a cancelled one takes none.
    let week1 = week(&sessions, 1).id.clone();
    let week5 = week(&sessions, 5).id.clone();
    for closed in [week1, week5] {
        let refused = Outbox::new(&f.db)
            .reply(&closed, Reply::Accepted, None, Utc::now())
            .await
            .unwrap_err();
        assert!(matches!(refused, ClinicError::ReplyClosed), "{refused:?}");
    }
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn homework_done_updates_only_the_status_and_keeps_the_clinics_fields() {
    let (clinic, f) = signed_in(NY).await;
    let http = http_client().unwrap();
    let token = clinic.staff_token().await;
    let task_id = clinic.admin(reqwest::Method::GET, "state", None).await["task"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = format!("{}/Task/{task_id}", clinic.fhir);
    let staff = reqwest::Client::new();
    let read = || async {
        staff
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    // The clinic keeps fields and extensions of its own on the Task.
    let mut task = read().await;
    task["extension"] = json!([{"url": "https://clinic.example/fhir/StructureDefinition/effort",
        "valueString": "ten minutes"}]);
    task["note"] = json!([{"text": "From the facilitator"}]);
    let put = staff
        .put(&url)
        .bearer_auth(&token)
        .header("content-type", "application/fhir+json")
        .json(&task)
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success());

    let practice = Practice::new(&f.db);
    let homework = practice.homework().await.unwrap().remove(0);
    assert_eq!(homework.clinic_task.as_deref(), Some(task_id.as_str()));
    let now = Utc::now();
    Telling::new(&f.db)
        .homework_done(&homework.id, true, now)
        .await
        .unwrap();
    // The clinic changes the Task between the app's read and its write:
    // 412, read again, the status applied again.
    clinic
        .fault("412", json!({"path": "/Task/", "method": "PUT"}))
        .await;
    let before = clinic.requests().await.len();
    Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .sync(Utc::now())
        .await
        .unwrap();
    let task = read().await;
    assert_eq!(task["status"], "completed");
    assert_eq!(task["extension"][0]["valueString"], "ten minutes");
    assert_eq!(task["note"][0]["text"], "From the facilitator");
    assert_eq!(task["description"], "Practise box breathing twice a day");
    let requests = clinic.requests().await.split_off(before);
    let puts = requests.iter().filter(|r| r.starts_with("PUT ")).count();
    assert_eq!(
        puts, 2,
        "one refused with 412, then one through: {requests:?}"
    );
    let done = practice.homework().await.unwrap().remove(0);
    assert_eq!(done.status, TaskStatus::Completed);

    // The clinic deletes the Task: the next sync removes it from Practice.
    let gone = staff.delete(&url).bearer_auth(&token).send().await.unwrap();
    assert!(gone.status().is_success());
    Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .sync(Utc::now())
        .await
        .unwrap();
    assert!(practice.homework().await.unwrap().is_empty());
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_grants_fewer_scopes_gets_those_features_unavailable() {
    let clinic = TestClinic::start();
    clinic
        .admin(
            reqwest::Method::POST,
            "withhold",
            Some(json!({"scopes": ["patient/AppointmentResponse.c", "patient/Task.u"]})),
        )
        .await;
    let f = crate::support::fixture(NY).await;
    clinic.sign_in(&f.db, Utc::now()).await;
    let http = http_client().unwrap();
    let status = Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .status()
        .await
        .unwrap();
    assert!(!status.can.rsvp && !status.can.homework);
    assert!(status.can.agree && status.can.share_checks);
    // Asked for everything and granted less: not asked again.
    assert!(!status.ask_wider_sign_in);
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    let refused = Outbox::new(&f.db)
        .reply(&week(&sessions, 6).id, Reply::Accepted, None, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "clinic_not_granted");
    let task = clinic.admin(reqwest::Method::GET, "state", None).await["task"]
        .as_str()
        .unwrap()
        .to_owned();
    let homework = Practice::new(&f.db).homework().await.unwrap();
    let theirs = homework
        .iter()
        .find(|h| h.clinic_task.as_deref() == Some(task.as_str()))
        .unwrap();
    Telling::new(&f.db)
        .homework_done(&theirs.id, true, Utc::now())
        .await
        .unwrap();
    assert!(Outbox::new(&f.db).items().await.unwrap().is_empty());

    // A sign-in from when the app asked for less is asked, once, to sign in again.
    alongside_core::store::Meta::new(&f.db)
        .remove("clinic.asked_scope")
        .await
        .unwrap();
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);
    assert!(side.status().await.unwrap().ask_wider_sign_in);
    let declined = side.decline_wider_sign_in(Utc::now()).await.unwrap();
    assert!(!declined.ask_wider_sign_in);
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_without_batches_is_read_one_search_at_a_time() {
    let (clinic, f) = signed_in(NY).await;
    let http = http_client().unwrap();
    clinic.fault("no-batch", json!({})).await;
    let before = clinic.http_requests().await;
    let started = Instant::now();
    let status = Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .sync(Utc::now())
        .await
        .unwrap();
    let fallback = clinic.http_requests().await - before;
    assert!(status.contact.is_some());
    assert_eq!(
        alongside_core::clinic::programme::held(&f.db, "en", Utc::now())
            .await
            .unwrap()
            .len(),
        2
    );
    // The refused batch, then each search alone; batches are not tried again today.
    let before = clinic.http_requests().await;
    Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .sync(Utc::now())
        .await
        .unwrap();
    let again = clinic.http_requests().await - before;
    println!(
        "without batches: {fallback} requests (first, with the refused batch), then {again}, {:?}",
        started.elapsed()
    );
    assert_eq!(again, fallback - 1);
    let requests = clinic.requests().await;
    assert!(requests
        .iter()
        .rev()
        .take(again)
        .all(|r| r.starts_with("GET ")));
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_per_sync_stay_few() {
    let clinic = TestClinic::start();
    let f = crate::support::fixture(NY).await;
    let started = Instant::now();
    clinic.sign_in(&f.db, Utc::now()).await;
    let first = (clinic.http_requests().await, started.elapsed());
    let http = http_client().unwrap();
    let before = clinic.http_requests().await;
    let started = Instant::now();
    Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .sync(Utc::now())
        .await
        .unwrap();
    let unchanged = (clinic.http_requests().await - before, started.elapsed());
    // The token endpoint is its own server: one request per sync besides these.
    println!(
        "first full sync: {} FHIR requests + 2 sign-in (token) in {:?}; \
         a sync with no changes: {} FHIR + 1 token in {:?}",
        first.0, first.1, unchanged.0, unchanged.1
    );
    let (first_total, unchanged_total) = (first.0 + 2, unchanged.0 + 1);
    assert!(first_total <= 15, "{first:?}");
    assert!(unchanged_total <= 5, "{unchanged:?}");
    f.done().await;
}

/// Everything the member might say, made at random between syncs.
struct Member {
    rng: rand::rngs::StdRng,
    upcoming: Vec<String>,
    homework: String,
    task: String,
    group: String,
}

impl Member {
    async fn act(
        &mut self,
        f: &crate::support::Fixture,
        counts: &mut BTreeMap<&'static str, usize>,
    ) {
        let now = Utc::now();
        let outbox = Outbox::new(&f.db);
        for _ in 0..self.rng.gen_range(0..3) {
            match self.rng.gen_range(0..10) {
                0..=4 => {
                    let session = &self.upcoming[self.rng.gen_range(0..self.upcoming.len())];
                    let answer = if self.rng.gen_bool(0.5) {
                        Reply::Accepted
                    } else {
                        Reply::Declined
                    };
                    outbox.reply(session, answer, None, now).await.unwrap();
                    *counts.entry("replies").or_default() += 1;
                }
                5..=7 => {
                    let done = self.rng.gen_bool(0.6);
                    Telling::new(&f.db)
                        .homework_done(&self.homework, done, now)
                        .await
                        .unwrap();
                    *counts.entry("homework changes").or_default() += 1;
                }
                8 => {
                    outbox.agree_to_orientation(&self.group, now).await.unwrap();
                    *counts.entry("agreements").or_default() += 1;
                }
                _ => {
                    let draft = SelfCheckDraft {
                        instrument: Instrument::Gad7,
                        answers: (0..7).map(|_| Some(self.rng.gen_range(0..4))).collect(),
                        difficulty: None,
                    };
                    Telling::new(&f.db)
                        .self_check_taken(&draft, now, NY)
                        .await
                        .unwrap();
                    *counts.entry("self-checks").or_default() += 1;
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_syncs_through_a_failing_clinic_leave_exactly_one_resource_per_item() {
    syncs_through_chaos(200, false).await;
}

/// The same without conditional create (a server that refuses it to
/// patient apps): each item is looked for by its identifier, then created.
#[tokio::test(flavor = "multi_thread")]
async fn without_conditional_create_syncs_through_chaos_still_make_one_resource_per_item() {
    syncs_through_chaos(80, true).await;
}

/// Signs in again while the clinic still fails at random, as a member
/// would: again until the sign-in holds. The sync that follows a sign-in
/// may fail on its own; what it missed comes with the next one.
async fn sign_in_through_chaos(clinic: &TestClinic, db: &Database) {
    let http = http_client().unwrap();
    let address = clinic.address();
    for _ in 0..20 {
        let worker = Worker::default();
        let turn = worker.turn().await;
        let side = Clinic::new(db, &http, &turn);
        // An error here is either the sign-in (tried again below) or the
        // sync after it (left for the next round); the status says which.
        let _ = side
            .sign_in(&address, browser, std::future::pending(), Utc::now())
            .await;
        let status = alongside_core::clinic::status(db).await.unwrap();
        if status.signed_in && !status.expired {
            return;
        }
        clinic.settle().await;
    }
    panic!("twenty sign-ins through the chaos all failed");
}

/// `cycles` rounds of the member saying things and a sync, through a clinic
/// failing at random; then every item is at the clinic exactly once.
async fn syncs_through_chaos(cycles: usize, refuses_conditional_create: bool) {
    let (clinic, f) = signed_in(NY).await;
    if refuses_conditional_create {
        clinic.strict(json!({"on": true, "writesOnly": true})).await;
    }
    Safety::new(&f.db)
        .set_sharing(Instrument::Gad7, true)
        .await
        .unwrap();
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    let upcoming: Vec<String> = [4, 6, 7, 8]
        .into_iter()
        .map(|n| week(&sessions, n).id.clone())
        .filter(|id| {
            sessions
                .iter()
                .any(|s| &s.id == id && s.starts_at > alongside_core::clock::stamp(Utc::now()))
        })
        .collect();
    let ids = clinic.admin(reqwest::Method::GET, "state", None).await;
    let mut member = Member {
        rng: rand::rngs::StdRng::seed_from_u64(20261203),
        upcoming,
        homework: Practice::new(&f.db).homework().await.unwrap()[0].id.clone(),
        task: ids["task"].as_str().unwrap().to_owned(),
        group: ids["group"].as_str().unwrap().to_owned(),
    };
    // Answers slower than the app waits for are the ones whose answer is lost.
    let http = http_client_waiting(Duration::from_millis(500)).unwrap();
    clinic
        .admin(
            reqwest::Method::POST,
            "chaos",
            Some(json!({"rate": 0.3, "seed": 7, "delayMs": 700})),
        )
        .await;
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let started = Instant::now();
    for cycle in 0..cycles {
        // The clinic rotates refresh tokens: a token answer lost to the
        // chaos leaves the app holding a spent one, and the clinic ends the
        // sign-in at its next use. The member signs in again, as the
        // Sessions card asks; nothing they said is lost on the way.
        if alongside_core::clinic::status(&f.db).await.unwrap().expired {
            sign_in_through_chaos(&clinic, &f.db).await;
            *counts.entry("signed in again").or_default() += 1;
        }
        member.act(&f, &mut counts).await;
        let worker = Worker::default();
        let turn = worker.turn().await;
        let side = Clinic::new(&f.db, &http, &turn).in_zone(NY);
        let sync = side.sync(Utc::now());
        let outcome = if cycle % 9 == 4 {
            // Killed mid-send: the sync is dropped part-way, as a quit would.
            let cut = Duration::from_millis(member.rng.gen_range(5..120));
            match tokio::time::timeout(cut, sync).await {
                Ok(done) => done.map(drop),
                Err(_) => {
                    *counts.entry("killed mid-sync").or_default() += 1;
                    Ok(())
                }
            }
        } else {
            sync.await.map(drop)
        };
        *counts
            .entry(if outcome.is_ok() {
                "syncs through"
            } else {
                "syncs failed"
            })
            .or_default() += 1;
        clinic.settle().await;
    }
    let chaos = clinic.admin(reqwest::Method::DELETE, "chaos", None).await;
    // The clinic well again: what waits goes out.
    if alongside_core::clinic::status(&f.db).await.unwrap().expired {
        clinic.sign_in(&f.db, Utc::now()).await;
    }
    let http = http_client().unwrap();
    for _ in 0..3 {
        Clinic::new(&f.db, &http, &Worker::default().turn().await)
            .in_zone(NY)
            .sync(Utc::now())
            .await
            .unwrap();
    }

    let items = Outbox::new(&f.db).items().await.unwrap();
    assert!(
        items.iter().all(|i| i.state == OutboxState::Sent),
        "every item sent: {:?}",
        items
            .iter()
            .filter(|i| i.state != OutboxState::Sent)
            .collect::<Vec<_>>()
    );
    let creates: Vec<&str> = items
        .iter()
        .filter(|i| !matches!(i.payload, alongside_core::clinic::Payload::Homework { .. }))
        .map(|i| i.id.as_str())
        .collect();
    let mut held = clinic.all("AppointmentResponse").await;
    held.extend(clinic.all("QuestionnaireResponse").await);
    let at_clinic = by_identifier(&held);
    let doubled: Vec<_> = at_clinic.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "sent twice: {doubled:?}");
    let mut expected: Vec<&str> = creates.clone();
    expected.sort_unstable();
    let mut found: Vec<&str> = at_clinic.keys().map(String::as_str).collect();
    found.sort_unstable();
    assert_eq!(found, expected, "one resource per item, none lost");

    // The local view is the clinic's: each session's newest reply, the
    // homework's state, the sessions themselves.
    let replies = clinic.all("AppointmentResponse").await;
    for session in &member.upcoming {
        let local = items.iter().find_map(|i| match &i.payload {
            alongside_core::clinic::Payload::Rsvp {
                appointment,
                answer,
                ..
            } if appointment == session => Some(answer.as_str()),
            _ => None,
        });
        let newest_sent = items
            .iter()
            .filter(|i| matches!(&i.payload, alongside_core::clinic::Payload::Rsvp { appointment, .. } if appointment == session))
            .map(|i| i.id.clone())
            .next();
        if let (Some(local), Some(id)) = (local, newest_sent) {
            let remote = replies
                .iter()
                .find(|r| r["identifier"][0]["value"] == id.as_str())
                .unwrap();
            assert_eq!(remote["participantStatus"], local);
        }
    }
    let task = clinic
        .all("Task")
        .await
        .into_iter()
        .find(|t| t["id"] == member.task.as_str())
        .unwrap();
    let homework = Practice::new(&f.db)
        .one_homework(&member.homework)
        .await
        .unwrap();
    let done_here = homework.status == TaskStatus::Completed;
    assert_eq!(task["status"] == "completed", done_here, "{task}");
    let appointments = clinic.all("Appointment").await;
    let local = Sessions::new(&f.db).all().await.unwrap();
    assert_eq!(local.len(), appointments.len());
    for a in &appointments {
        let here = local
            .iter()
            .find(|s| s.id == a["id"].as_str().unwrap())
            .unwrap();
        assert_eq!(here.cancelled, a["status"] == "cancelled");
    }

    // Every resource the app wrote, exactly as sent, is valid FHIR R4 by
    // the official JSON schema.
    let writes = clinic.admin(reqwest::Method::GET, "writes", None).await;
    let bodies: Vec<&Value> = writes
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["method"] != "PATCH")
        .map(|w| &w["body"])
        .collect();
    assert!(bodies.len() >= held.len());
    let checked = validate_fhir(&bodies);
    println!("{checked}");
    counts.insert("items", items.len());
    counts.insert("resources created at the clinic", held.len());
    println!(
        "{cycles} sync cycles (conditional create refused: {refuses_conditional_create}) \
         in {:?} through chaos {}: {counts:?}",
        started.elapsed(),
        chaos
    );
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_deleted_at_the_clinic_goes_at_the_next_daily_reconcile_and_entries_keep_the_link(
) {
    let (clinic, f) = signed_in(NY).await;
    let http = http_client().unwrap();
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    let week2 = week(&sessions, 2).id.clone();
    let entry = f
        .journal()
        .save(alongside_core::journal::EntryDraft {
            body: "Week two helped.".into(),
            session_id: Some(week2.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    // Medplum's DELETE leaves nothing a `_lastUpdated` search can see.
    let token = clinic.staff_token().await;
    let gone = reqwest::Client::new()
        .delete(format!("{}/Appointment/{week2}", clinic.fhir))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert!(gone.status().is_success());
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);
    side.sync(Utc::now()).await.unwrap();
    assert_eq!(
        Sessions::new(&f.db).count().await.unwrap(),
        8,
        "not yet: incremental"
    );
    // A day on, the round reads every id and the deleted one goes.
    let tomorrow = Utc::now() + chrono::Duration::hours(25);
    let before = clinic.requests().await.len();
    side.sync(tomorrow).await.unwrap();
    let left = Sessions::new(&f.db).all().await.unwrap();
    assert_eq!(left.len(), 7);
    assert!(left.iter().all(|s| s.id != week2));
    let asked = clinic.requests().await.split_off(before);
    assert!(
        asked.iter().any(|r| r.contains("_elements=id")),
        "{asked:?}"
    );
    let kept = f.journal().get(&entry.id).await.unwrap();
    assert_eq!(kept.session_id, Some(week2), "the entry keeps its link");
    assert_eq!(kept.body, "Week two helped.");
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn disconnecting_keeps_or_deletes_what_was_kept_exactly_as_chosen() {
    let (clinic, f) = signed_in(NY).await;
    let http = http_client().unwrap();
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    let entry = f
        .journal()
        .save(alongside_core::journal::EntryDraft {
            body: "About week one.".into(),
            session_id: Some(week(&sessions, 1).id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    Practice::new(&f.db)
        .save_homework(
            &alongside_core::practice::HomeworkDraft {
                id: None,
                exercise: Some("dear-man".into()),
                description: "My own".into(),
                due: None,
            },
            Utc::now(),
            NY,
        )
        .await
        .unwrap();
    Outbox::new(&f.db)
        .reply(&week(&sessions, 6).id, Reply::Accepted, None, Utc::now())
        .await
        .unwrap();
    let held = || async {
        let programmes = alongside_core::clinic::programme::held(&f.db, "en", Utc::now())
            .await
            .unwrap();
        let homework = Practice::new(&f.db).homework().await.unwrap();
        (
            Sessions::new(&f.db).count().await.unwrap(),
            programmes.len(),
            homework.iter().filter(|h| h.clinic_task.is_some()).count(),
            homework.iter().filter(|h| h.clinic_task.is_none()).count(),
            Outbox::new(&f.db).items().await.unwrap().len(),
            Ledger::new(&f.db).recent(1000).await.unwrap().len(),
        )
    };

    // Keeping: only the sign-in goes.
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);
    let kept = side.sign_out(false).await.unwrap();
    assert!(!kept.signed_in && kept.address.is_some());
    let (sessions_n, programmes_n, clinic_hw, own_hw, outbox_n, ledger_n) = held().await;
    assert_eq!(
        (sessions_n, programmes_n, clinic_hw, own_hw, outbox_n),
        (8, 2, 1, 1, 1)
    );
    assert!(ledger_n > 0);

    // Signed in again, then out with "delete": everything from the clinic
    // goes, the member's own homework and journal stay.
    clinic.sign_in(&f.db, Utc::now()).await;
    let forgot = side.sign_out(true).await.unwrap();
    assert!(!forgot.signed_in && !forgot.expired && forgot.address.is_none());
    assert_eq!(held().await, (0, 0, 0, 1, 0, 0));
    let kept_entry = f.journal().get(&entry.id).await.unwrap();
    assert_eq!(kept_entry.body, "About week one.");
    assert!(kept_entry.session_id.is_some());
    for key in [
        "clinic.address",
        "clinic.patient",
        "clinic.refresh_token",
        "clinic.sessions_cursor",
    ] {
        let value = alongside_core::store::Meta::new(&f.db)
            .get(key)
            .await
            .unwrap();
        assert_eq!(value, None, "{key}");
    }
    f.done().await;
}
