//! Signing in to and syncing with the test clinic: a real FHIR engine
//! (Medplum's router) and a real OAuth server, started from `tests/clinic/`.

use crate::support::{fixture, Fixture};
use alongside_lib::clinic::{
    http_client, Clinic, ClinicAddress, ClinicError, Ledger, LedgerAction, Pkce, Session, Sessions,
    SmartConfig,
};
use alongside_lib::journal::EntryDraft;
use alongside_lib::transfer::export::{self, Format};
use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use url::Url;

/// The test clinic, running for one test.
struct TestClinic {
    child: Child,
    fhir: String,
    admin: String,
}

impl TestClinic {
    fn start() -> Self {
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

    fn address(&self) -> ClinicAddress {
        ClinicAddress::parse(&self.fhir).unwrap()
    }

    async fn admin(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = reqwest::Client::new().request(method, format!("{}/{path}", self.admin));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        assert!(response.status().is_success(), "admin {path}");
        response.json().await.unwrap_or(Value::Null)
    }

    async fn fault(&self, kind: &str, extra: Value) {
        let mut body = json!({"kind": kind, "count": 1});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        self.admin(reqwest::Method::POST, "fault", Some(body)).await;
    }

    /// The FHIR requests the clinic received, as "METHOD path?query".
    async fn requests(&self) -> Vec<String> {
        let list = self.admin(reqwest::Method::GET, "requests", None).await;
        list.as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["method"].as_str().unwrap(),
                    r["path"].as_str().unwrap()
                )
            })
            .collect()
    }

    /// An access token of the clinic's own, for changing its records the
    /// way the clinic's staff would.
    async fn staff_token(&self) -> String {
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
}

impl Drop for TestClinic {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
fn browser(url: &Url) -> alongside_lib::clinic::Result<()> {
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

async fn signed_in(zone: Tz) -> (TestClinic, Fixture) {
    let clinic = TestClinic::start();
    let f = fixture(zone).await;
    let http = http_client().unwrap();
    let status = Clinic::new(&f.db, &http)
        .sign_in(
            &clinic.address(),
            browser,
            std::future::pending(),
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(status.signed_in);
    assert_eq!(status.address.as_deref(), Some(clinic.fhir.as_str()));
    (clinic, f)
}

fn in_zone(instant: &str, zone: Tz) -> DateTime<Tz> {
    DateTime::parse_from_rfc3339(instant)
        .unwrap()
        .with_timezone(&zone)
}

fn week(sessions: &[Session], n: usize) -> &Session {
    let title = format!("week {n}");
    sessions.iter().find(|s| s.title.ends_with(&title)).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_brings_the_members_sessions_in_their_own_time() {
    let (clinic, f) = signed_in(Tz::Europe__Madrid).await;
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

    // Discovery, then reads of the member's own Appointments; nothing sent.
    let requests = clinic.requests().await;
    assert_eq!(requests[0], "GET /fhir/R4/.well-known/smart-configuration");
    assert!(requests.len() > 1);
    assert!(
        requests[1..]
            .iter()
            .all(|r| r.starts_with("GET /fhir/R4/Appointment?patient=Patient%2F")),
        "{requests:?}"
    );

    // Each of those requests, and the sign-in steps, are in the member's ledger.
    let ledger = Ledger::new(&f.db).recent(100).await.unwrap();
    let actions: Vec<_> = ledger.iter().rev().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            LedgerAction::Discover,
            LedgerAction::OpenSignInPage,
            LedgerAction::SignIn,
            LedgerAction::ReadSessions
        ]
    );
    for request in &requests {
        let path = request.split_once(' ').unwrap().1;
        assert!(
            ledger.iter().any(|e| e.url.ends_with(path)),
            "{path} not in the ledger"
        );
    }
    assert!(ledger.iter().all(|e| e.outcome.is_none()));
    let refresh = alongside_lib::store::Meta::new(&f.db)
        .get("clinic.refresh_token")
        .await
        .unwrap()
        .unwrap();
    assert!(ledger.iter().all(|e| !e.url.contains(&refresh)));
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
        .journal
        .save(
            &f.db,
            EntryDraft {
                body: "Group helped tonight.".into(),
                session_id: Some(about.id.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        f.journal.get(&f.db, &entry.id).await.unwrap().session_id,
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
    let done = export::write(&f.journal, &f.db, &out, now, Format::Markdown)
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
        .journal
        .save(
            &f.db,
            EntryDraft {
                id: Some(entry.id.clone()),
                body: entry.body.clone(),
                ..Default::default()
            },
        )
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
    let token = clinic.staff_token().await;
    let url = format!("{}/Appointment/{week4}", clinic.fhir);
    let mut appointment: Value = http
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    appointment["status"] = json!("cancelled");
    let put = http
        .put(&url)
        .bearer_auth(&token)
        .header("content-type", "application/fhir+json")
        .json(&appointment)
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success());

    let clinic_side = Clinic::new(&f.db, &http);
    clinic_side.sync(Utc::now()).await.unwrap();
    let after = Sessions::new(&f.db).all().await.unwrap();
    assert!(week(&after, 4).cancelled);
    assert_eq!(after.iter().filter(|s| s.cancelled).count(), 2);
    // The second pull asked only for what changed since the first.
    let requests = clinic.requests().await;
    assert!(
        requests.last().unwrap().contains("_lastUpdated=ge"),
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
    assert_eq!(newest.action, LedgerAction::ReadSessions);
    assert_eq!(newest.outcome.as_deref(), Some("clinic_busy"));
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
    let out = clinic_side.sign_out().await.unwrap();
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
    let side = Clinic::new(&f.db, &http);
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
    Clinic::new(&f.db, &http).sync(Utc::now()).await.unwrap();
    assert_eq!(Sessions::new(&f.db).all().await.unwrap().len(), 138);
    let pulls: Vec<_> = clinic.requests().await[before..]
        .iter()
        .filter(|r| r.starts_with("GET /fhir/R4/Appointment"))
        .cloned()
        .collect();
    assert_eq!(pulls.len(), 2, "followed the next link: {pulls:?}");
    f.done().await;
}
