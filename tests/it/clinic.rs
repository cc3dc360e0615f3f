//! Signing in to and syncing with the test clinic: a real FHIR engine
//! (Medplum's router) and a real OAuth server, started from `tests/clinic/`,
//! with faults that make it a hostile server.

use crate::support::{fixture, Fixture};
use alongside_core::clinic::{
    http_client, retry, Clinic, ClinicAddress, ClinicError, Ledger, LedgerAction, Pkce, Session,
    Sessions, SmartConfig, Worker, MAX_BODY,
};
use alongside_core::clock::stamp;
use alongside_core::clock::Clock;
use alongside_core::error::Coded;
use alongside_core::journal::EntryDraft;
use alongside_core::store::{Database, Meta};
use alongside_core::transfer::export::{self, Format};
use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

const REFRESH_TOKEN: &str = "clinic.refresh_token";
const TOKEN_ENDPOINT: &str = "clinic.token_endpoint";
const CURSOR: &str = "clinic.sessions_cursor";

/// The test clinic, running for one test (stopped when dropped).
pub(crate) struct TestClinic {
    child: Child,
    pub(crate) fhir: String,
    admin: String,
}

/// What the test clinic issued to a database it signed in.
pub(crate) struct Issued {
    /// The member's FHIR Patient id.
    pub(crate) patient: String,
    /// The refresh token, as the app keeps it (the clinic never rotates it).
    pub(crate) refresh_token: String,
}

impl TestClinic {
    pub(crate) fn start() -> Self {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut child = Command::new("node")
            .arg(format!("{root}/tests/clinic/server.mjs"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs the test clinic (scripts/install-deps installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ready: Value = serde_json::from_str(&line).expect("the clinic says where it listens");
        Self {
            child,
            fhir: ready["fhir"].as_str().unwrap().to_owned(),
            admin: ready["admin"].as_str().unwrap().to_owned(),
        }
    }

    pub(crate) fn address(&self) -> ClinicAddress {
        ClinicAddress::parse(&self.fhir).unwrap()
    }

    /// The FHIR base, `http://127.0.0.1:<port>/fhir/R4`.
    pub(crate) fn fhir(&self) -> &str {
        &self.fhir
    }

    /// Signs `db` in as the member's browser would (the clinic approves at
    /// once), which also syncs once; returns what the clinic issued.
    pub(crate) async fn sign_in(&self, db: &Database, now: DateTime<Utc>) -> Issued {
        let status = Clinic::new(db, &http_client().unwrap(), &Worker::default().turn().await)
            .sign_in(&self.address(), browser, std::future::pending(), now)
            .await
            .unwrap();
        assert!(status.signed_in);
        assert_eq!(status.address.as_deref(), Some(self.fhir.as_str()));
        let patient = self.patient().await;
        assert_eq!(
            meta(db, "clinic.patient").await.as_deref(),
            Some(patient.as_str())
        );
        Issued {
            patient,
            refresh_token: meta(db, REFRESH_TOKEN).await.unwrap(),
        }
    }

    /// The seeded member's Patient id.
    pub(crate) async fn patient(&self) -> String {
        let state = self.admin(reqwest::Method::GET, "state", None).await;
        state["patient"].as_str().unwrap().to_owned()
    }

    pub(crate) async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let mut request = reqwest::Client::new().request(method, format!("{}/{path}", self.admin));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        assert!(response.status().is_success(), "admin {path}");
        response.json().await.unwrap_or(Value::Null)
    }

    /// What the clinic holds of one resource type, straight from its store.
    pub(crate) async fn resources(&self, kind: &str) -> Vec<Value> {
        let all = self
            .admin(
                reqwest::Method::GET,
                &format!("resources?type={kind}"),
                None,
            )
            .await;
        all.as_array().cloned().unwrap_or_default()
    }

    /// Makes the clinic as strict as a real one, or not (see
    /// `tests/clinic/fhir.mjs`): `{"on": true}`, or `{"on": true,
    /// "writesOnly": true}` for a server that only refuses conditional create.
    pub(crate) async fn strict(&self, how: Value) {
        self.admin(reqwest::Method::POST, "strict", Some(how)).await;
    }

    /// Arms a fault for the next request (see `tests/clinic/faults.mjs`).
    pub(crate) async fn fault(&self, kind: &str, extra: Value) {
        let mut body = json!({"kind": kind, "count": 1});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        self.admin(reqwest::Method::POST, "fault", Some(body)).await;
    }

    /// The FHIR interactions the clinic received, as "METHOD path?query";
    /// each search of a batch is listed on its own, as "GET path?query".
    pub(crate) async fn requests(&self) -> Vec<String> {
        let list = self.admin(reqwest::Method::GET, "requests", None).await;
        let mut out = Vec::new();
        for r in list.as_array().unwrap() {
            let path = r["path"].as_str().unwrap();
            match r["entries"].as_array() {
                Some(entries) => out.extend(
                    entries
                        .iter()
                        .map(|e| format!("GET /fhir/R4{}", e.as_str().unwrap())),
                ),
                None => out.push(format!("{} {path}", r["method"].as_str().unwrap())),
            }
        }
        out
    }

    /// How many HTTP requests reached the FHIR server.
    pub(crate) async fn http_requests(&self) -> usize {
        let list = self.admin(reqwest::Method::GET, "requests", None).await;
        list.as_array().unwrap().len()
    }

    /// The origin of the server that stands for another host.
    async fn elsewhere(&self) -> String {
        let seen = self.admin(reqwest::Method::GET, "elsewhere", None).await;
        seen["origin"].as_str().unwrap().to_owned()
    }

    /// Whatever reached that other host.
    async fn heard_elsewhere(&self) -> Vec<Value> {
        let seen = self.admin(reqwest::Method::GET, "elsewhere", None).await;
        seen["requests"].as_array().unwrap().clone()
    }

    /// An access token of the clinic's own, for changing its records the
    /// way the clinic's staff would.
    pub(crate) async fn staff_token(&self) -> String {
        let http = http_client().unwrap();
        let config = SmartConfig::discover(&http, &self.address()).await.unwrap();
        let pkce = Pkce::new();
        let redirect = "http://127.0.0.1:9/callback";
        let url = config.authorize_url(&self.address(), redirect, "s", &pkce);
        let code = browser_code(&http, &url).await;
        let tokens = config
            .exchange_code(&http, &code, redirect, &pkce)
            .await
            .unwrap();
        tokens.access.to_string()
    }

    /// The clinic's staff cancel an Appointment; returns its new `lastUpdated`.
    pub(crate) async fn cancel(&self, id: &str) -> DateTime<Utc> {
        self.change(id, |a| a["status"] = json!("cancelled")).await
    }

    /// The clinic's staff move an Appointment to start at `start` (an hour long).
    pub(crate) async fn move_to(&self, id: &str, start: DateTime<Utc>) -> DateTime<Utc> {
        self.change(id, |a| {
            a["start"] = json!(start.to_rfc3339());
            a["end"] = json!((start + chrono::Duration::hours(1)).to_rfc3339());
        })
        .await
    }

    /// The clinic's staff add a copy of `template` (another session, more
    /// homework), edited; returns its id.
    pub(crate) async fn add_like(&self, template: &Value, edit: impl FnOnce(&mut Value)) -> String {
        let mut copy = template.clone();
        let object = copy.as_object_mut().unwrap();
        for field in ["id", "meta", "identifier"] {
            object.remove(field);
        }
        edit(&mut copy);
        let made = self
            .admin(reqwest::Method::POST, "resource", Some(copy))
            .await;
        made["id"].as_str().unwrap().to_owned()
    }

    /// The clinic's staff delete a resource (a FHIR DELETE leaves no trace).
    pub(crate) async fn delete(&self, kind: &str, id: &str) {
        self.admin(
            reqwest::Method::DELETE,
            &format!("resource?type={kind}&id={id}"),
            None,
        )
        .await;
    }

    /// The clinic's staff change an Appointment; returns its new `lastUpdated`.
    async fn change(&self, id: &str, edit: impl FnOnce(&mut Value)) -> DateTime<Utc> {
        let mut appointment = self
            .resources("Appointment")
            .await
            .into_iter()
            .find(|a| a["id"] == id)
            .expect("the Appointment is at the clinic");
        edit(&mut appointment);
        let stored = self
            .admin(reqwest::Method::PUT, "resource", Some(appointment))
            .await;
        instant(stored["meta"]["lastUpdated"].as_str().unwrap())
    }
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

impl Drop for TestClinic {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn meta(db: &Database, key: &str) -> Option<String> {
    Meta::new(db).get(key).await.unwrap()
}

/// What the browser does: follow the clinic's redirect; return the code.
async fn browser_code(http: &reqwest::Client, url: &Url) -> String {
    let response = http.get(url.clone()).send().await.unwrap();
    assert_eq!(response.status(), 302);
    let location = Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

/// A browser that signs straight in: it follows the clinic's redirect back
/// to the app's loopback address, as the member's browser would.
pub(crate) fn browser(url: &Url) -> alongside_core::clinic::Result<()> {
    let url = url.clone();
    tokio::spawn(async move {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()
            .unwrap();
        let page = http.get(url).send().await.unwrap();
        assert!(page.text().await.unwrap().contains("go back to Alongside"));
    });
    Ok(())
}

pub(crate) async fn signed_in(zone: Tz) -> (TestClinic, Fixture) {
    let clinic = TestClinic::start();
    let f = fixture(zone).await;
    clinic.sign_in(&f.db, Utc::now()).await;
    (clinic, f)
}

fn in_zone(instant: &str, zone: Tz) -> DateTime<Tz> {
    DateTime::parse_from_rfc3339(instant)
        .unwrap()
        .with_timezone(&zone)
}

pub(crate) fn week(sessions: &[Session], n: usize) -> &Session {
    let title = format!("week {n}");
    sessions.iter().find(|s| s.title.ends_with(&title)).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_brings_the_members_sessions_in_their_own_time() {
    let clinic = TestClinic::start();
    let f = fixture(Tz::Europe__Madrid).await;
    let issued = clinic.sign_in(&f.db, Utc::now()).await;
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    assert_eq!(sessions.len(), 8);
    for (i, session) in sessions.iter().enumerate() {
        // Planned as Tuesdays 18:00 in New York, whatever the date's DST.
        let ny = in_zone(&session.starts_at, Tz::America__New_York);
        assert_eq!(
            (ny.weekday(), ny.hour(), ny.minute()),
            (Weekday::Tue, 18, 0)
        );
        assert!(session.title.ends_with(&format!("week {}", i + 1)));
        assert_eq!(session.cancelled, i + 1 == 5);
    }
    // Shown to a member in Madrid at midnight (six hours later).
    let madrid = in_zone(&week(&sessions, 1).starts_at, Tz::Europe__Madrid);
    assert_eq!((madrid.weekday(), madrid.hour()), (Weekday::Wed, 0));

    // The whole Appointment is kept, the clinic's own extensions too.
    let resource = Sessions::new(&f.db)
        .resource(&week(&sessions, 1).id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        resource["extension"][0]["valueUrl"],
        "https://video.clinic.example/room/anxiety-skills"
    );
    // …and the session offers Join with the room it names.
    assert_eq!(
        week(&sessions, 1).video_link.as_deref(),
        Some("https://video.clinic.example/room/anxiety-skills")
    );

    // Discovery, then only reads (nothing is written), together: the
    // first page of every search goes in one batch a round, and there are
    // three rounds at most (what the first names, then the facilitators).
    // Which searches they are is the server's business (`strict.rs` checks
    // them against the scopes and the CapabilityStatement).
    let requests = clinic.requests().await;
    assert_eq!(requests[0], "GET /fhir/R4/.well-known/smart-configuration");
    assert!(
        requests.iter().all(|r| r.starts_with("GET ")),
        "{requests:?}"
    );
    assert!(
        clinic.http_requests().await <= 4,
        "discovery and three batches"
    );
    // The Group search asks for what describes a programme, never its members.
    let groups = requests.iter().find(|r| r.contains("/Group?")).unwrap();
    assert!(groups.contains("_elements=") && !groups.contains("member"));
    // Everything the member should see arrived, and nothing was refused.
    let status = alongside_core::clinic::status(&f.db).await.unwrap();
    assert!(status.unshared.is_empty(), "{:?}", status.unshared);

    // The clinic's Task is the member's homework, with its exercise and day.
    let homework = alongside_core::practice::Practice::new(&f.db)
        .homework()
        .await
        .unwrap();
    assert_eq!(homework.len(), 1, "{homework:?}");
    let task = &homework[0];
    assert!(task.clinic_task.is_some());
    assert_eq!(task.exercise.as_deref(), Some("box-breathing"));
    assert_eq!(task.status, alongside_core::practice::TaskStatus::Requested);
    assert!(task.due.is_some());
    assert_eq!(task.description, "Practise box breathing twice a day");

    // The programme: the closed anxiety group the member is in, week 3 of 8
    // (the seed's week 3 is this week's Tuesday), its two facilitators and
    // its orientation in Spanish; and the open grief group, not joined.
    let now = Utc::now();
    let programmes = alongside_core::clinic::programme::held(&f.db, "es", now)
        .await
        .unwrap();
    let names: Vec<(&str, bool)> = programmes
        .iter()
        .map(|p| (p.name.as_str(), p.enrolled))
        .collect();
    assert_eq!(
        names,
        [
            ("Anxiety skills group", true),
            ("Grief support group", false)
        ]
    );
    let anxiety = &programmes[0];
    assert!(!anxiety.open && anxiety.weeks == Some(8));
    assert!(matches!(anxiety.week, Some(3) | Some(4)), "{anxiety:?}");
    let facilitators: Vec<(&str, Option<&str>)> = anxiety
        .facilitators
        .iter()
        .map(|f| (f.name.as_str(), f.role.as_deref()))
        .collect();
    assert_eq!(
        facilitators,
        [
            ("Dr Sam Rivera", Some("Facilitator")),
            ("Priya Natarajan", Some("Co-facilitator"))
        ]
    );
    let orientation = anxiety.orientation.as_ref().expect("the orientation");
    assert_eq!(orientation.language, "es");
    assert!(orientation.paragraphs.len() >= 4);
    assert_eq!(
        orientation.agreed,
        alongside_core::clinic::programme::AgreementState::NotYet
    );
    let grief = &programmes[1];
    assert!(grief.open && grief.starts.is_some() && grief.orientation.is_none());
    assert_eq!(grief.facilitators[0].name, "Jordan Lee");
    // No other member of any group is kept.
    let kept: Vec<String> = sqlx::query_scalar("SELECT body FROM programmes")
        .fetch_all(f.db.pool())
        .await
        .unwrap();
    assert!(kept.iter().all(|b| !b.contains("Patient/")), "{kept:?}");

    // Each of those requests, and the sign-in steps, are in the member's ledger.
    let ledger = Ledger::new(&f.db).recent(100).await.unwrap();
    let actions: Vec<_> = ledger.iter().rev().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            LedgerAction::Discover,
            LedgerAction::OpenSignInPage,
            LedgerAction::SignIn,
            LedgerAction::ReadAll,
            LedgerAction::ReadAll,
            LedgerAction::ReadProgramme
        ]
    );
    // Every read is in the ledger: on its own row, or among its batch's fields.
    for request in &requests {
        let path = request.split_once(' ').unwrap().1;
        let relative = path.trim_start_matches("/fhir/R4/");
        assert!(
            ledger.iter().any(|e| e.url.ends_with(path)
                || e.fields
                    .iter()
                    .any(|f| f.value == format!("GET {relative}"))),
            "{path} not in the ledger"
        );
    }
    assert!(ledger.iter().all(|e| e.outcome.is_none()));
    // The reads name the member's record, on the clinic's own address; no
    // row holds the sign-in itself.
    let read = format!("GET Appointment?patient=Patient%2F{}", issued.patient);
    let batch = ledger
        .iter()
        .rev()
        .find(|e| e.action == LedgerAction::ReadAll)
        .unwrap();
    assert_eq!(batch.url, format!("{}/", clinic.fhir()));
    assert!(
        batch
            .fields
            .iter()
            .any(|f| f.name == "readSessions" && f.value.starts_with(&read)),
        "{:?}",
        batch.fields
    );
    assert!(
        ledger[0].url.starts_with(clinic.fhir()),
        "{}",
        ledger[0].url
    );
    assert!(ledger
        .iter()
        .all(|e| !e.url.contains(&issued.refresh_token)));
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_entry_links_to_a_session_and_keeps_it_in_exports() {
    let (_clinic, f) = signed_in(Tz::America__New_York).await;
    let now = Utc::now();
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    let offered = Sessions::new(&f.db).for_journal(now, None).await.unwrap();
    // Sessions that have begun (weeks 1–3, the newest first); none from next week on.
    let titles: Vec<_> = offered.iter().map(|s| s.title.clone()).collect();
    assert!(titles.len() >= 3 && titles.len() <= 4, "{titles:?}");
    assert!(titles[titles.len() - 1].ends_with("week 1"));
    assert!(offered
        .iter()
        .all(|s| s.starts_at.as_str() <= week(&sessions, 5).starts_at.as_str()));

    let about = week(&sessions, 2).clone();
    let entry = f
        .journal()
        .save(EntryDraft {
            body: "Group helped tonight.".into(),
            session_id: Some(about.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        f.journal().get(&entry.id).await.unwrap().session_id,
        Some(about.id.clone())
    );

    // A linked session far in the future is still offered for its entry.
    let later = week(&sessions, 8);
    let with_link = Sessions::new(&f.db)
        .for_journal(now, Some(&later.id))
        .await
        .unwrap();
    assert!(with_link.iter().any(|s| s.id == later.id));

    let out = f.dir.path().join("export");
    std::fs::create_dir(&out).unwrap();
    let done = export::write(&f.db, &f.clock, &out, now, Format::Markdown)
        .await
        .unwrap();
    let file = std::fs::read_dir(&done.0)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains(&format!("session: \"{}\"", about.id)),
        "{text}"
    );
    assert!(text.contains("session_title: \"Anxiety skills group — week 2\""));
    // Its start in the member's zone (New York): 18:00.
    assert!(text.contains("T18:00:00-0"), "{text}");

    // Unlinking is a change like any other.
    let unlinked = f
        .journal()
        .save(EntryDraft {
            id: Some(entry.id.clone()),
            body: entry.body.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(unlinked.session_id, None);
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_brings_changes_and_comes_through_faults() {
    let (clinic, f) = signed_in(Tz::America__New_York).await;
    let http = http_client().unwrap();
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    let week4 = week(&sessions, 4).id.clone();

    // The clinic cancels week 4.
    clinic.cancel(&week4).await;

    let worker = Worker::default();
    let turn = worker.turn().await;
    let clinic_side = Clinic::new(&f.db, &http, &turn);
    let status = clinic_side.sync(Utc::now()).await.unwrap();
    let after = Sessions::new(&f.db).all().await.unwrap();
    assert!(week(&after, 4).cancelled);
    assert_eq!(after.iter().filter(|s| s.cancelled).count(), 2);
    // The clinic's own phone, from its Organization, for Need help now.
    let contact = status.contact.expect("the clinic's contact");
    assert_eq!(
        (
            contact.name.as_str(),
            contact.phone.as_deref(),
            contact.country.as_deref()
        ),
        (
            "Harmony United Psychiatric Care",
            Some("(800) 457-4573"),
            Some("US")
        )
    );
    // A server that refuses the homework search (an older sign-in's
    // narrower scopes) still syncs the sessions and the phone.
    clinic.fault("500", json!({"path": "/Task"})).await;
    let status = clinic_side.sync(Utc::now()).await.unwrap();
    assert!(status.signed_in && status.contact.is_some());
    let armed = clinic.admin(reqwest::Method::GET, "fault", None).await;
    assert_eq!(armed["fault"], Value::Null, "the Task search met the fault");
    // The second pull asked only for what changed since the first.
    let requests = clinic.requests().await;
    let appointments: Vec<&String> = requests
        .iter()
        .filter(|r| r.starts_with("GET /fhir/R4/Appointment"))
        .collect();
    assert!(
        appointments.last().unwrap().contains("_lastUpdated=ge"),
        "{requests:?}"
    );

    // Busy: the wait the clinic asked for is reported, nothing changes.
    clinic.fault("429", json!({"retryAfter": 7})).await;
    let busy = clinic_side.sync(Utc::now()).await.unwrap_err();
    assert!(
        matches!(
            busy,
            ClinicError::Busy {
                retry_after: Some(7)
            }
        ),
        "{busy:?}"
    );
    assert_eq!(busy.code(), "clinic_busy");
    let newest = &Ledger::new(&f.db).recent(1).await.unwrap()[0];
    assert_eq!(newest.action, LedgerAction::ReadAll);
    assert_eq!(newest.outcome.as_deref(), Some("clinic_busy"));
    // The batch's ledger row names each search it carried.
    assert!(
        newest.fields.iter().any(|f| f.name == "readSessions"
            && f.value.starts_with("GET Appointment?patient=Patient%2F")),
        "{:?}",
        newest.fields
    );
    assert_eq!(Sessions::new(&f.db).all().await.unwrap(), after);

    // A broken answer or a server error leaves the sessions as they were.
    for (kind, code) in [("malformed", "clinic_error"), ("500", "clinic_error")] {
        clinic.fault(kind, json!({})).await;
        assert_eq!(clinic_side.sync(Utc::now()).await.unwrap_err().code(), code);
        assert_eq!(Sessions::new(&f.db).all().await.unwrap(), after);
    }

    // An access token that expires mid-sync: refreshed once, and the sync goes through.
    clinic.fault("expired-token", json!({})).await;
    let status = clinic_side.sync(Utc::now()).await.unwrap();
    assert!(status.signed_in && status.last_synced_at.is_some());

    // The background sync runs only when half an hour has passed.
    let now = Utc::now();
    assert!(clinic_side.sync_if_due(now).await.unwrap().is_none());
    let later = now + chrono::Duration::minutes(31);
    assert!(clinic_side.sync_if_due(later).await.unwrap().is_some());

    // Signing out forgets the sign-in but keeps the sessions for old links.
    let out = clinic_side.sign_out(false).await.unwrap();
    assert!(!out.signed_in);
    assert_eq!(out.sessions, 8);
    assert_eq!(
        clinic_side.sync(Utc::now()).await.unwrap_err().code(),
        "clinic_not_signed_in"
    );
    assert!(clinic_side.sync_if_due(later).await.unwrap().is_none());
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_can_be_called_off_and_bad_addresses_are_refused() {
    let clinic = TestClinic::start();
    let f = fixture(Tz::UTC).await;
    let http = http_client().unwrap();
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);
    // The member closes the browser and presses Cancel.
    let called_off = side
        .sign_in(
            &clinic.address(),
            |_| Ok(()),
            std::future::ready(()),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert_eq!(called_off.code(), "sign_in_cancelled");
    assert!(!side.status().await.unwrap().signed_in);

    // An address with no SMART sign-in behind it.
    let nowhere = ClinicAddress::parse(&format!("{}/nothing-here", clinic.admin)).unwrap();
    let refused = side
        .sign_in(&nowhere, |_| Ok(()), std::future::pending(), Utc::now())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "clinic_no_sign_in");
    // Nothing listens here.
    let closed = ClinicAddress::parse("http://127.0.0.1:9/fhir").unwrap();
    let unreachable = side
        .sign_in(&closed, |_| Ok(()), std::future::pending(), Utc::now())
        .await
        .unwrap_err();
    assert_eq!(unreachable.code(), "clinic_unreachable");
    assert!(ClinicAddress::parse("http://clinic.example/fhir").is_err());
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_programme_arrives_over_several_pages() {
    let (clinic, f) = signed_in(Tz::UTC).await;
    let http = http_client().unwrap();
    let token = clinic.staff_token().await;
    let patient = clinic.admin(reqwest::Method::GET, "state", None).await["patient"]
        .as_str()
        .unwrap()
        .to_owned();
    // A year and more of weekly sessions: 8 + 130, more than one page of 100.
    for week in 0..130 {
        let start = Utc::now() + chrono::Duration::weeks(10 + week);
        let created = http
            .post(format!("{}/Appointment", clinic.fhir))
            .bearer_auth(&token)
            .header("content-type", "application/fhir+json")
            .json(&json!({
                "resourceType": "Appointment",
                "status": "booked",
                "description": format!("Open group — session {week}"),
                "start": start.to_rfc3339(),
                "end": (start + chrono::Duration::minutes(90)).to_rfc3339(),
                "participant": [{"actor": {"reference": format!("Patient/{patient}")}, "status": "accepted"}]
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
    }
    let before = clinic.requests().await.len();
    Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .sync(Utc::now())
        .await
        .unwrap();
    assert_eq!(Sessions::new(&f.db).all().await.unwrap().len(), 138);
    let pulls: Vec<_> = clinic.requests().await[before..]
        .iter()
        .filter(|r| r.starts_with("GET /fhir/R4/Appointment"))
        .cloned()
        .collect();
    assert_eq!(pulls.len(), 2, "followed the next link: {pulls:?}");
    f.done().await;
}

/// Opens the sign-in page the way a browser would, noting that it was
/// asked to; a page it cannot load (`javascript:`) is simply not loaded.
fn noting_browser(
    opened: &Arc<AtomicBool>,
) -> impl FnOnce(&Url) -> alongside_core::clinic::Result<()> {
    let opened = opened.clone();
    move |url| {
        opened.store(true, Ordering::SeqCst);
        let url = url.clone();
        tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::limited(3))
                .build()
                .unwrap();
            let _ = http.get(url).send().await;
        });
        Ok(())
    }
}

/// Long enough for any sign-in against the local clinic; a sign-in still
/// waiting after this was fooled into waiting for a browser.
const SIGN_IN_LIMIT: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread")]
async fn a_discovery_document_that_lies_stops_sign_in_before_anything_is_opened_or_sent() {
    let clinic = TestClinic::start();
    let f = fixture(Tz::UTC).await;
    let http = http_client().unwrap();
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);
    let elsewhere = Url::parse(&clinic.elsewhere().await).unwrap();
    let port = elsewhere.port().unwrap();
    let lies = [
        json!({"authorization_endpoint": "javascript:alert(document.cookie)"}),
        json!({"authorization_endpoint": "file:///etc/passwd"}),
        json!({"authorization_endpoint": format!("http://member:pw@127.0.0.1:{port}/authorize")}),
        // In clear to a host on the network, and to one only named local.
        json!({"token_endpoint": "http://auth.clinic.example/token"}),
        json!({"token_endpoint": format!("http://localhost:{port}/token")}),
        json!({"token_endpoint": format!("https://member@127.0.0.1:{port}/token")}),
    ];
    for lie in lies {
        clinic
            .fault("rewrite", json!({"on": "discovery", "fields": lie}))
            .await;
        let opened = Arc::new(AtomicBool::new(false));
        let address = clinic.address();
        let attempt = side.sign_in(
            &address,
            noting_browser(&opened),
            std::future::pending(),
            Utc::now(),
        );
        let refused = tokio::time::timeout(SIGN_IN_LIMIT, attempt)
            .await
            .unwrap_or_else(|_| panic!("still signing in with {lie}"))
            .err();
        assert_eq!(
            refused.as_ref().map(|e| e.code().as_str()),
            Some("clinic_insecure_endpoint"),
            "{lie}"
        );
        assert!(!opened.load(Ordering::SeqCst), "opened a page for {lie}");
        assert!(!side.status().await.unwrap().signed_in);
        let newest = &Ledger::new(&f.db).recent(1).await.unwrap()[0];
        assert_eq!(newest.action, LedgerAction::Discover);
        assert_eq!(newest.outcome.as_deref(), Some("clinic_insecure_endpoint"));
    }
    assert_eq!(clinic.heard_elsewhere().await, Vec::<Value>::new());

    // A redirect away from discovery is not followed either.
    clinic.fault("redirect", json!({"on": "discovery"})).await;
    let moved = side
        .sign_in(
            &clinic.address(),
            |_| Ok(()),
            std::future::pending(),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert_eq!(moved.code(), "clinic_no_sign_in");
    assert_eq!(clinic.heard_elsewhere().await, Vec::<Value>::new());
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tampered_saved_token_endpoint_is_refused_before_the_sign_in_is_sent() {
    let (clinic, f) = signed_in(Tz::UTC).await;
    let http = http_client().unwrap();
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);
    let rows = Ledger::new(&f.db).recent(100).await.unwrap().len();
    let port = Url::parse(&clinic.elsewhere().await)
        .unwrap()
        .port()
        .unwrap();
    let tampered = format!("http://localhost:{port}/token");
    Meta::new(&f.db)
        .set(TOKEN_ENDPOINT, &tampered, Utc::now())
        .await
        .unwrap();
    let refused = side.sync(Utc::now()).await.unwrap_err();
    assert_eq!(refused.code(), "clinic_insecure_endpoint");
    assert_eq!(clinic.heard_elsewhere().await, Vec::<Value>::new());
    // Nothing was sent, so nothing is listed; the sign-in is still there.
    assert_eq!(Ledger::new(&f.db).recent(100).await.unwrap().len(), rows);
    assert!(side.status().await.unwrap().signed_in);
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_clinic_that_revokes_the_grant_ends_the_sign_in() {
    let (clinic, f) = signed_in(Tz::UTC).await;
    let http = http_client().unwrap();
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);

    // Throttled: busy, with the wait asked for, and still signed in.
    clinic
        .fault("429", json!({"on": "token", "retryAfter": 30}))
        .await;
    let busy = side.sync(Utc::now()).await.unwrap_err();
    assert!(
        matches!(
            busy,
            ClinicError::Busy {
                retry_after: Some(30)
            }
        ),
        "{busy:?}"
    );
    let newest = &Ledger::new(&f.db).recent(1).await.unwrap()[0];
    assert_eq!(newest.action, LedgerAction::RenewSignIn);
    assert_eq!(newest.outcome.as_deref(), Some("clinic_busy"));
    assert!(side.status().await.unwrap().signed_in);
    // And the next sync goes through with the same sign-in.
    assert!(side.sync(Utc::now()).await.unwrap().signed_in);

    // An outage, or a redirect to another host, keeps the sign-in too; the
    // redirect is not followed with the refresh token.
    for kind in ["500", "redirect"] {
        clinic.fault(kind, json!({"on": "token"})).await;
        assert_eq!(
            side.sync(Utc::now()).await.unwrap_err().code(),
            "clinic_error"
        );
        assert!(side.status().await.unwrap().signed_in, "{kind}");
    }
    assert_eq!(clinic.heard_elsewhere().await, Vec::<Value>::new());
    assert!(side.sync(Utc::now()).await.is_ok());

    // The clinic says the grant is gone: signed out.
    clinic.fault("invalid-grant", json!({"on": "token"})).await;
    let expired = side.sync(Utc::now()).await.unwrap_err();
    assert_eq!(expired.code(), "clinic_sign_in_expired");
    let status = side.status().await.unwrap();
    assert!(!status.signed_in);
    assert!(status.expired, "the member is asked to sign in again");
    assert!(status.sessions > 0, "nothing cached is lost");
    assert_eq!(meta(&f.db, REFRESH_TOKEN).await, None);
    // Signing out by choice is not an expiry.
    side.sign_out(false).await.unwrap();
    assert!(!side.status().await.unwrap().expired);
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_clinic_cannot_send_the_member_elsewhere() {
    let (clinic, f) = signed_in(Tz::UTC).await;
    let http = http_client().unwrap();
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);
    let elsewhere = clinic.elsewhere().await;

    // A redirect to another origin is not followed.
    clinic.fault("redirect", json!({})).await;
    assert_eq!(
        side.sync(Utc::now()).await.unwrap_err().code(),
        "clinic_error"
    );
    // Nor is a `next` link to one: the token goes nowhere but the clinic.
    clinic.fault("next-elsewhere", json!({})).await;
    assert_eq!(
        side.sync(Utc::now()).await.unwrap_err().code(),
        "clinic_error"
    );
    assert_eq!(clinic.heard_elsewhere().await, Vec::<Value>::new());
    let ledger = Ledger::new(&f.db).recent(100).await.unwrap();
    assert!(ledger.iter().all(|e| !e.url.starts_with(&elsewhere)));
    assert!(side.status().await.unwrap().signed_in);
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_clinic_cannot_fill_memory_or_park_the_app() {
    let (clinic, f) = signed_in(Tz::America__New_York).await;
    let http = http_client().unwrap();
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    clinic.cancel(&week(&sessions, 4).id).await;

    // More than the cap, with no length given: refused, nothing stored.
    clinic
        .fault("oversized", json!({"bytes": MAX_BODY + 1024}))
        .await;
    let big = side.sync(Utc::now()).await.unwrap_err();
    assert_eq!(big.code(), "clinic_too_large");
    assert_eq!(Sessions::new(&f.db).all().await.unwrap(), sessions);
    let newest = &Ledger::new(&f.db).recent(1).await.unwrap()[0];
    assert_eq!(newest.outcome.as_deref(), Some("clinic_too_large"));
    // The same from the token endpoint. The clinic rotated the refresh
    // token in the answer the app could not read, so the one held is spent:
    // the next sync says the sign-in ended (nothing kept is lost) and a new
    // sign-in carries on.
    clinic
        .fault("oversized", json!({"on": "token", "bytes": MAX_BODY}))
        .await;
    assert_eq!(
        side.sync(Utc::now()).await.unwrap_err().code(),
        "clinic_too_large"
    );
    assert_eq!(
        side.sync(Utc::now()).await.unwrap_err().code(),
        "clinic_sign_in_expired"
    );
    assert!(side.status().await.unwrap().expired);
    assert_eq!(Sessions::new(&f.db).all().await.unwrap(), sessions);
    clinic.sign_in(&f.db, Utc::now()).await;

    // A wait past any clock: a day at most, and nothing overflows.
    clinic
        .fault("429", json!({"retryAfter": "18446744073709551615"}))
        .await;
    let parked = side.sync(Utc::now()).await.unwrap_err();
    assert_eq!(parked.retry_after(), Some(retry::MAX_RETRY_AFTER));
    let wait = retry::backoff(1, parked.retry_after(), 0.5);
    assert_eq!(wait, Duration::from_secs(24 * 60 * 60));
    assert!(std::time::Instant::now().checked_add(wait).is_some());

    // Once the clinic behaves, the change arrives.
    side.sync(Utc::now()).await.unwrap();
    assert!(week(&Sessions::new(&f.db).all().await.unwrap(), 4).cancelled);
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_appointment_holds_the_cursor_back() {
    let (clinic, f) = signed_in(Tz::America__New_York).await;
    let http = http_client().unwrap();
    let worker = Worker::default();
    let turn = worker.turn().await;
    let side = Clinic::new(&f.db, &http, &turn);
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    let (week3, week4) = (week(&sessions, 3).id.clone(), week(&sessions, 4).id.clone());
    let cursor = || async { meta(&f.db, CURSOR).await.as_deref().map(instant) };

    // Two changes; the earlier one arrives in a shape the app cannot read.
    let unreadable_at = clinic.cancel(&week4).await;
    let readable_at = clinic.cancel(&week3).await;
    assert!(readable_at > unreadable_at);
    clinic.fault("unreadable-entry", json!({"id": week4})).await;
    side.sync(Utc::now()).await.unwrap();
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    assert!(week(&sessions, 3).cancelled && !week(&sessions, 4).cancelled);
    let held = cursor().await.unwrap();
    assert!(
        held <= unreadable_at,
        "moved past what it could not read: {held}"
    );

    // The next pull asks for it again, and then moves on.
    side.sync(Utc::now()).await.unwrap();
    assert!(week(&Sessions::new(&f.db).all().await.unwrap(), 4).cancelled);
    assert_eq!(cursor().await, Some(readable_at));
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_ledger_lists_a_request_before_it_is_sent_and_keeps_three_months() {
    let clinic = TestClinic::start();
    let f = fixture(Tz::UTC).await;
    let now = f.clock.now();
    clinic.sign_in(&f.db, now).await;
    let http = http_client().unwrap();
    let ledger = Ledger::new(&f.db);
    // Stamped with the caller's clock, not the computer's.
    let rows = ledger.recent(100).await.unwrap();
    assert!(rows.iter().all(|e| e.at == stamp(now)), "{rows:?}");

    // A read the clinic never answers before the app gives up (a lock, a
    // crash, a cancelled update): listed, as with no answer recorded.
    clinic.fault("slow", json!({"delayMs": 20_000})).await;
    let later = now + chrono::Duration::minutes(30);
    let cut_off = tokio::time::timeout(
        Duration::from_secs(2),
        Clinic::new(&f.db, &http, &Worker::default().turn().await).sync(later),
    )
    .await;
    assert!(cut_off.is_err(), "the clinic answered at once");
    let rows = ledger.recent(2).await.unwrap();
    assert_eq!(
        (
            rows[0].action,
            rows[0].outcome.as_deref(),
            rows[0].at.as_str()
        ),
        (
            LedgerAction::ReadAll,
            Some("pending"),
            stamp(later).as_str()
        )
    );
    assert_eq!(
        (rows[1].action, rows[1].outcome.as_deref()),
        (LedgerAction::RenewSignIn, None)
    );

    // More than a few syncs' worth is kept; what is over 90 days old goes.
    let url = clinic.address().join("Appointment").unwrap();
    let much_later = now + chrono::Duration::days(91);
    for _ in 0..600 {
        ledger
            .around(LedgerAction::ReadSessions, "GET", &url, much_later, async {
                Ok(())
            })
            .await
            .unwrap();
    }
    let kept = ledger.recent(10_000).await.unwrap();
    assert_eq!(kept.len(), 600);
    assert!(kept.iter().all(|e| e.at == stamp(much_later)));
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn homework_the_clinic_withdraws_goes_however_it_is_withdrawn() {
    let (clinic, f) = signed_in(Tz::America__New_York).await;
    let http = http_client().unwrap();
    let practice = alongside_core::practice::Practice::new(&f.db);
    let sync = || async {
        Clinic::new(&f.db, &http, &Worker::default().turn().await)
            .sync(Utc::now())
            .await
            .unwrap()
    };
    let tasks = clinic.resources("Task").await;
    let first = tasks[0]["id"].as_str().unwrap().to_owned();
    let (second, third) = (
        clinic
            .add_like(&tasks[0], |t| t["description"] = json!("Second"))
            .await,
        clinic
            .add_like(&tasks[0], |t| t["description"] = json!("Third"))
            .await,
    );
    sync().await;
    let held = |homework: Vec<alongside_core::practice::Homework>| {
        let mut ids: Vec<String> = homework.into_iter().filter_map(|h| h.clinic_task).collect();
        ids.sort();
        ids
    };
    let mut all = vec![first.clone(), second.clone(), third.clone()];
    all.sort();
    assert_eq!(held(practice.homework().await.unwrap()), all);

    // Entered in error, made a draft again, deleted: each goes.
    for (id, status) in [(&first, "entered-in-error"), (&second, "draft")] {
        let mut task = clinic
            .resources("Task")
            .await
            .into_iter()
            .find(|t| t["id"] == id.as_str())
            .unwrap();
        task["status"] = json!(status);
        clinic
            .admin(reqwest::Method::PUT, "resource", Some(task))
            .await;
    }
    sync().await;
    assert_eq!(held(practice.homework().await.unwrap()), [third.as_str()]);
    clinic.delete("Task", &third).await;
    sync().await;
    assert!(held(practice.homework().await.unwrap()).is_empty());
    f.done().await;
}
