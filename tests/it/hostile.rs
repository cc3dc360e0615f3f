//! A hostile clinic's answers to a sync, against the real test clinic: an
//! answer too large to hold, one nested past any parser's depth, one with
//! the wrong JSON types where strings are expected, a `next` link to
//! another origin and a redirect. Each is met with a clear error code (or,
//! for wrong types, by skipping what cannot be read), stores nothing of
//! that answer, hands no token to another host, names neither the member's
//! record nor the clinic in the error, and leaves the next sync to bring
//! everything once the clinic behaves.

use crate::clinic::{week, TestClinic};
use crate::support::{fixture, Fixture};
use alongside_core::clinic::programme::{self, Programme};
use alongside_core::clinic::{http_client, Clinic, ClinicError, Ledger, Session, Sessions, Worker};
use alongside_core::error::Coded;
use alongside_core::practice::{Homework, Practice};
use alongside_core::store::Meta;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};
use std::error::Error;

const CURSOR: &str = "clinic.sessions_cursor";
const MIB: usize = 1024 * 1024;

/// Everything a sync keeps from the clinic, as the member would see it.
#[derive(Debug)]
struct Kept {
    sessions: Vec<Session>,
    /// Each session's stored resource, as the clinic sent it.
    resources: Vec<Option<Value>>,
    homework: Vec<Homework>,
    programmes: Vec<Programme>,
    cursor: Option<String>,
}

async fn kept(f: &Fixture, now: DateTime<Utc>) -> Kept {
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    let mut resources = Vec::new();
    for s in &sessions {
        resources.push(Sessions::new(&f.db).resource(&s.id).await.unwrap());
    }
    Kept {
        sessions,
        resources,
        homework: Practice::new(&f.db).homework().await.unwrap(),
        programmes: programme::held(&f.db, "en", now).await.unwrap(),
        cursor: Meta::new(&f.db).get(CURSOR).await.unwrap(),
    }
}

/// Each part of `after` as it was `before`, named when it is not.
fn unchanged(after: &Kept, before: &Kept, parts: &[&str]) {
    for part in parts {
        let same = match *part {
            "sessions" => after.sessions == before.sessions && after.resources == before.resources,
            "homework" => after.homework == before.homework,
            "programmes" => after.programmes == before.programmes,
            "cursor" => after.cursor == before.cursor,
            other => panic!("no part {other}"),
        };
        assert!(same, "the {part} changed:\n{before:#?}\n→\n{after:#?}");
    }
}

const EVERYTHING: &[&str] = &["sessions", "homework", "programmes", "cursor"];

/// Signed in to a fresh clinic that has since changed something (week 4 is
/// cancelled) the sync has not brought yet: a hostile answer must not.
struct Scene {
    clinic: TestClinic,
    f: Fixture,
    patient: String,
    refresh_token: String,
    week4: String,
    now: DateTime<Utc>,
    before: Kept,
}

impl Scene {
    async fn new() -> Self {
        let clinic = TestClinic::start();
        let f = fixture(Tz::America__New_York).await;
        let issued = clinic.sign_in(&f.db, Utc::now()).await;
        let now = Utc::now();
        let before = kept(&f, now).await;
        assert_eq!(before.sessions.len(), 8);
        assert_eq!(before.homework.len(), 1);
        assert_eq!(before.programmes.len(), 2);
        assert!(before.cursor.is_some());
        let week4 = week(&before.sessions, 4).id.clone();
        assert!(!week(&before.sessions, 4).cancelled);
        clinic.cancel(&week4).await;
        Self {
            clinic,
            f,
            patient: issued.patient,
            refresh_token: issued.refresh_token,
            week4,
            now,
            before,
        }
    }

    async fn sync(&self) -> alongside_core::clinic::Result<alongside_core::clinic::ClinicStatus> {
        Clinic::new(
            &self.f.db,
            &http_client().unwrap(),
            &Worker::default().turn().await,
        )
        .sync(Utc::now())
        .await
    }

    async fn kept(&self) -> Kept {
        kept(&self.f, self.now).await
    }

    /// The fault was met (used up), not left armed for a later request.
    async fn fault_was_met(&self) {
        let armed = self.clinic.admin(reqwest::Method::GET, "fault", None).await;
        assert_eq!(armed["fault"], Value::Null, "the fault was never met");
    }

    /// Nothing at all reached the other host, with a token or without.
    async fn nothing_elsewhere(&self) {
        let seen = self
            .clinic
            .admin(reqwest::Method::GET, "elsewhere", None)
            .await;
        let heard = seen["requests"].as_array().unwrap();
        assert!(
            heard.iter().all(|r| r["authorization"] != true),
            "a token went elsewhere: {heard:?}"
        );
        assert!(heard.is_empty(), "{heard:?}");
    }

    /// Neither the error nor anything it was caused by names the member's
    /// record, the clinic's address, the other host or the sign-in.
    async fn names_nothing(&self, e: &ClinicError) {
        let elsewhere = self
            .clinic
            .admin(reqwest::Method::GET, "elsewhere", None)
            .await["origin"]
            .as_str()
            .unwrap()
            .to_owned();
        let clinic = url::Url::parse(self.clinic.fhir()).unwrap();
        let other = url::Url::parse(&elsewhere).unwrap();
        let ports = [
            clinic.port().unwrap().to_string(),
            other.port().unwrap().to_string(),
        ];
        let mut seen = vec![e.to_string(), format!("{e:?}")];
        let mut source = e.source();
        while let Some(cause) = source {
            seen.extend([cause.to_string(), format!("{cause:?}")]);
            source = cause.source();
        }
        let secrets = [
            self.patient.as_str(),
            self.clinic.fhir(),
            elsewhere.as_str(),
            "127.0.0.1",
            "/fhir/R4",
            ports[0].as_str(),
            ports[1].as_str(),
            self.refresh_token.as_str(),
        ];
        for text in &seen {
            for secret in secrets {
                assert!(!text.contains(secret), "{secret:?} in {text:?}");
            }
        }
    }

    /// The clinic behaves again: the next sync goes through and brings
    /// everything, the change the hostile answer stood in front of too.
    async fn recovers(self) {
        self.sync().await.expect("the sync after the fault");
        let after = self.kept().await;
        assert_eq!(after.sessions.len(), 8);
        let week4 = after.sessions.iter().find(|s| s.id == self.week4).unwrap();
        assert!(week4.cancelled, "the change arrived");
        for (was, is) in self.before.sessions.iter().zip(&after.sessions) {
            if was.id != self.week4 {
                assert_eq!(was, is);
            }
        }
        let task = |h: &[Homework]| -> Vec<_> {
            h.iter()
                .map(|h| {
                    let shown = (h.status, h.exercise.clone(), h.description.clone());
                    (h.clinic_task.clone(), shown, h.due.clone())
                })
                .collect()
        };
        assert_eq!(task(&after.homework), task(&self.before.homework));
        assert_eq!(after.programmes, self.before.programmes);
        assert!(
            after.cursor > self.before.cursor,
            "{:?} → {:?}",
            self.before.cursor,
            after.cursor
        );
        self.nothing_elsewhere().await;
        self.f.done().await;
    }
}

/// A whole answer the sync cannot take: the error is `code`, the batch's
/// row in the ledger says so, nothing is kept of it, and the sync after
/// brings everything.
async fn refused(kind: &str, extra: Value, code: &str) {
    let scene = Scene::new().await;
    scene.clinic.fault(kind, extra).await;
    let e = scene.sync().await.unwrap_err();
    assert_eq!(e.code(), code, "{e:?}");
    scene.fault_was_met().await;
    let newest = &Ledger::new(&scene.f.db).recent(1).await.unwrap()[0];
    assert_eq!(newest.outcome.as_deref(), Some(code));
    scene.names_nothing(&e).await;
    unchanged(&scene.kept().await, &scene.before, EVERYTHING);
    scene.nothing_elsewhere().await;
    scene.recovers().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_50_mb_answer_is_refused_and_stores_nothing() {
    refused("oversized", json!({"bytes": 50 * MIB}), "clinic_too_large").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bundle_nested_10000_deep_is_refused_and_stores_nothing() {
    refused("deep", json!({"depth": 10_000}), "clinic_error").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_is_not_followed_and_stores_nothing() {
    refused("redirect", json!({}), "clinic_error").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_next_link_to_another_origin_is_not_followed() {
    let scene = Scene::new().await;
    scene.clinic.fault("next-elsewhere", json!({})).await;
    let e = scene.sync().await.unwrap_err();
    assert_eq!(e.code(), "clinic_error", "{e:?}");
    scene.fault_was_met().await;
    scene.names_nothing(&e).await;
    scene.nothing_elsewhere().await;
    // The search is asked again from where it was; nothing read after it
    // (homework, programme) was taken from this sync.
    unchanged(
        &scene.kept().await,
        &scene.before,
        &["homework", "programmes", "cursor"],
    );
    scene.recovers().await;
}

/// A page whose link points elsewhere is refused whole: its link is looked
/// at before anything on it (week 4 cancelled) is kept.
#[tokio::test(flavor = "multi_thread")]
async fn a_next_link_to_another_origin_keeps_nothing_of_its_page() {
    let scene = Scene::new().await;
    scene.clinic.fault("next-elsewhere", json!({})).await;
    scene.sync().await.unwrap_err();
    unchanged(&scene.kept().await, &scene.before, &["sessions"]);
    scene.f.done().await;
}

/// What a sync keeps is never a garbled value: every stored session's
/// resource has its strings as strings.
fn nothing_garbled(kept: &Kept) {
    for resource in kept.resources.iter().flatten() {
        for pointer in ["/id", "/status", "/start", "/meta/lastUpdated"] {
            assert!(
                resource.pointer(pointer).is_some_and(Value::is_string),
                "{pointer} in {resource}"
            );
        }
        assert!(resource["description"].is_string(), "{resource}");
    }
    for s in &kept.sessions {
        assert!(!s.id.is_empty() && !s.starts_at.is_empty() && !s.title.is_empty());
    }
    for p in &kept.programmes {
        assert!(!p.group.is_empty() && !p.name.is_empty(), "{p:?}");
        if let Some(e) = &p.enrolment {
            assert!(!e.status.is_empty(), "{p:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_types_where_strings_belong_are_skipped_and_never_stored() {
    let scene = Scene::new().await;
    scene.clinic.fault("wrong-types", json!({})).await;
    // Every resource of the answer is unreadable. What cannot be read is
    // skipped, not stored, so the sync itself goes through.
    let synced = scene.sync().await;
    scene.fault_was_met().await;
    if let Err(e) = &synced {
        scene.names_nothing(e).await;
    }
    synced.expect("a sync that skips what it cannot read");
    let after = scene.kept().await;
    nothing_garbled(&after);
    // The cursor stays behind the Appointments it could not read, so the
    // next pull asks for them again: week 4's change is not lost.
    unchanged(&after, &scene.before, &["sessions", "cursor"]);
    scene.nothing_elsewhere().await;
    scene.recovers().await;
}

/// An unreadable Task or Group is not taken as one the clinic deleted:
/// the homework and programmes held stay as they were.
#[tokio::test(flavor = "multi_thread")]
async fn wrong_types_remove_no_homework_or_programme() {
    let scene = Scene::new().await;
    scene.clinic.fault("wrong-types", json!({})).await;
    scene.sync().await.unwrap();
    unchanged(
        &scene.kept().await,
        &scene.before,
        &["homework", "programmes"],
    );
    scene.f.done().await;
}
