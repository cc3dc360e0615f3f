//! A clinic's server as strict as a real one (the test clinic's strict
//! mode): read scopes enforced per type, `patient/` scopes held to the
//! member's own records, conditional create refused. What the member sees,
//! what the clinic holds, and that every request is one the sign-in asked
//! for and the published CapabilityStatement declares.

use crate::clinic::{week, TestClinic};
use crate::support::fixture;
use alongside_core::clinic::scopes::{Granted, READS, SCOPES, WRITES};
use alongside_core::clinic::{
    http_client, programme, Clinic, ClinicPart, Ledger, Outbox, OutboxState, Payload, Reply,
    Sessions, Telling, Worker,
};
use alongside_core::practice::Practice;
use alongside_core::safety::{Instrument, Safety, SelfCheckDraft};
use chrono::Utc;
use chrono_tz::Tz;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use url::Url;

const NY: Tz = Tz::America__New_York;

#[tokio::test(flavor = "multi_thread")]
async fn a_strict_server_shows_what_it_shares_and_names_the_rest() {
    let clinic = TestClinic::start();
    clinic.strict(json!({"on": true})).await;
    let f = fixture(NY).await;
    clinic.sign_in(&f.db, Utc::now()).await;

    // The member's own records all came: sessions and homework…
    let sessions = Sessions::new(&f.db).all().await.unwrap();
    assert_eq!(sessions.len(), clinic.resources("Appointment").await.len());
    let homework = Practice::new(&f.db).homework().await.unwrap();
    assert_eq!(homework.len(), 1, "{homework:?}");
    // …and the programme, from what their EpisodeOfCare says.
    let held = programme::held(&f.db, "en", Utc::now()).await.unwrap();
    assert_eq!(held.len(), 1, "{held:?}");
    let mine = &held[0];
    assert!(mine.enrolled && mine.partial, "{mine:?}");
    assert_eq!(mine.name, "Anxiety skills group");
    assert_eq!(mine.enrolment.as_ref().unwrap().status, "active");
    let names: Vec<&str> = mine.facilitators.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Dr Sam Rivera"]);
    assert!(mine.orientation.is_none(), "{mine:?}");

    // What the server would not share is named, part by part.
    let status = alongside_core::clinic::status(&f.db).await.unwrap();
    assert_eq!(
        status.unshared,
        [
            ClinicPart::Group,
            ClinicPart::Orientation,
            ClinicPart::ClinicPhone
        ]
    );
    // The ledger says which reads were refused, inside the batch that carried them.
    let ledger = Ledger::new(&f.db).recent(50).await.unwrap();
    let refused: BTreeSet<&str> = ledger
        .iter()
        .flat_map(|e| &e.fields)
        .filter(|field| field.outcome.as_deref() == Some("clinic_not_shared"))
        .map(|field| field.value.split(['?', ' ']).nth(1).unwrap_or_default())
        .collect();
    assert!(
        refused.contains("Group") && refused.contains("Questionnaire"),
        "{refused:?}"
    );

    // The clinic shares more: the next sync shows all of it, and the
    // sentences go.
    clinic.strict(json!({"on": false})).await;
    let http = http_client().unwrap();
    let status = Clinic::new(&f.db, &http, &Worker::default().turn().await)
        .sync(Utc::now())
        .await
        .unwrap();
    assert!(status.unshared.is_empty(), "{:?}", status.unshared);
    let held = programme::held(&f.db, "en", Utc::now()).await.unwrap();
    let mine = held.iter().find(|p| p.enrolled).unwrap();
    assert!(!mine.partial && mine.orientation.is_some(), "{mine:?}");
    assert_eq!(mine.facilitators.len(), 2, "{mine:?}");
    assert!(
        held.iter().any(|p| !p.enrolled && p.open),
        "the open group: {held:?}"
    );
    assert!(status.contact.is_some());
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_part_keeps_the_others() {
    let clinic = TestClinic::start();
    clinic.strict(json!({"on": true})).await;
    // A grant without the member's sessions: everything else still comes.
    clinic
        .admin(
            reqwest::Method::POST,
            "withhold",
            Some(json!({"scopes": ["patient/Appointment.rs"]})),
        )
        .await;
    let f = fixture(NY).await;
    clinic.sign_in(&f.db, Utc::now()).await;
    let status = alongside_core::clinic::status(&f.db).await.unwrap();
    assert!(
        status.unshared.contains(&ClinicPart::Sessions),
        "{:?}",
        status.unshared
    );
    assert!(!status.unshared.contains(&ClinicPart::Homework));
    assert!(status.last_synced_at.is_some(), "the sync counted");
    assert!(Sessions::new(&f.db).all().await.unwrap().is_empty());
    assert_eq!(Practice::new(&f.db).homework().await.unwrap().len(), 1);
    let held = programme::held(&f.db, "en", Utc::now()).await.unwrap();
    assert_eq!(held.len(), 1, "{held:?}");
    f.done().await;
}

/// One of each thing a member says, on a server that refuses conditional
/// create; one of them already at the clinic from a send whose answer was
/// lost. Each is at the clinic exactly once.
#[tokio::test(flavor = "multi_thread")]
async fn without_conditional_create_each_item_is_one_resource() {
    let clinic = TestClinic::start();
    let f = fixture(NY).await;
    let issued = clinic.sign_in(&f.db, Utc::now()).await;
    say_one_of_everything(&clinic, &f.db).await;
    let items = Outbox::new(&f.db).items().await.unwrap();
    assert_eq!(items.len(), 4, "{items:?}");
    let reply = items
        .iter()
        .find_map(|i| match &i.payload {
            Payload::Rsvp { appointment, .. } => Some((i.id.clone(), appointment.clone())),
            _ => None,
        })
        .unwrap();
    let check = items
        .iter()
        .find(|i| matches!(i.payload, Payload::SelfCheck { .. }))
        .unwrap();
    // The reply and the self-check reached the clinic, but their answers
    // never reached the app.
    clinic
        .admin(
            reqwest::Method::POST,
            "resource",
            Some(json!({
                "resourceType": "QuestionnaireResponse",
                "identifier": {"system": "urn:alongside:outbox", "value": check.id},
                "status": "completed",
                "subject": {"reference": format!("Patient/{}", issued.patient)},
            })),
        )
        .await;
    clinic
        .admin(
            reqwest::Method::POST,
            "resource",
            Some(json!({
                "resourceType": "AppointmentResponse",
                "identifier": [{"system": "urn:alongside:outbox", "value": reply.0}],
                "appointment": {"reference": format!("Appointment/{}", reply.1)},
                "actor": {"reference": format!("Patient/{}", issued.patient)},
                "participantStatus": "declined",
            })),
        )
        .await;

    clinic.strict(json!({"on": true})).await;
    let http = http_client().unwrap();
    for _ in 0..2 {
        Clinic::new(&f.db, &http, &Worker::default().turn().await)
            .sync(Utc::now())
            .await
            .unwrap();
    }
    let items = Outbox::new(&f.db).items().await.unwrap();
    assert!(
        items.iter().all(|i| i.state == OutboxState::Sent),
        "{items:?}"
    );
    let mut created = clinic.resources("AppointmentResponse").await;
    created.extend(clinic.resources("QuestionnaireResponse").await);
    for item in items
        .iter()
        .filter(|i| !matches!(i.payload, Payload::Homework { .. }))
    {
        // QuestionnaireResponse has one identifier, AppointmentResponse a list.
        let copies = created
            .iter()
            .filter(|r| {
                let identifier = r["identifier"]
                    .as_array()
                    .map_or(&r["identifier"], |i| &i[0]);
                identifier["value"] == item.id.as_str()
            })
            .count();
        assert_eq!(copies, 1, "{:?}", item.payload);
    }
    let task = clinic.resources("Task").await;
    assert_eq!(task[0]["status"], "completed");
    f.done().await;
}

/// Sign-in asks for exactly what sync reads and writes: every request a
/// sync makes (on a lenient server and on a strict one, sending one of
/// everything) is allowed by the scopes asked for and declared in the
/// CapabilityStatement, and no scope asked for goes unused.
#[tokio::test(flavor = "multi_thread")]
async fn every_request_is_one_the_sign_in_asked_for_and_the_capability_statement_declares() {
    let capability: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/fhir/CapabilityStatement-alongside.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let declared = &capability["rest"][0]["resource"];
    let asked = Granted::parse(&SCOPES);
    let mut used: BTreeSet<(String, char)> = BTreeSet::new();
    for strict in [false, true] {
        let clinic = TestClinic::start();
        let f = fixture(NY).await;
        clinic.sign_in(&f.db, Utc::now()).await;
        say_one_of_everything(&clinic, &f.db).await;
        clinic.strict(json!({"on": strict})).await;
        let http = http_client().unwrap();
        for _ in 0..2 {
            Clinic::new(&f.db, &http, &Worker::default().turn().await)
                .sync(Utc::now())
                .await
                .unwrap();
        }
        for request in clinic.requests().await {
            let Some((kind, letter, params)) = interaction(&request) else {
                continue;
            };
            assert!(asked.allows(&kind, letter), "not asked for: {request}");
            let entry = declared
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["type"] == kind.as_str())
                .unwrap_or_else(|| panic!("{kind} is not in the CapabilityStatement"));
            let code = match letter {
                's' => "search-type",
                'r' => "read",
                'c' => "create",
                _ => "update",
            };
            assert!(
                entry["interaction"]
                    .to_string()
                    .contains(&format!("\"{code}\"")),
                "{code} on {kind} is not declared"
            );
            for param in params {
                let known = entry["searchParam"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|p| p["name"] == param.as_str());
                assert!(
                    known || ["_count", "_elements", "_include", "_sort"].contains(&param.as_str()),
                    "{kind}?{param} is not declared"
                );
            }
            used.insert((kind.clone(), letter));
            // A conditional create is a search of its type at the server.
            if letter == 'c' {
                used.insert((kind, 's'));
            }
        }
        f.done().await;
    }
    let read: BTreeSet<&str> = used
        .iter()
        .filter(|(_, l)| matches!(l, 'r' | 's'))
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        read,
        READS.iter().copied().collect(),
        "reads asked for but not made, or made but not asked for"
    );
    let written: BTreeSet<(&str, char)> = used
        .iter()
        .filter(|(_, l)| matches!(l, 'c' | 'u'))
        .map(|(k, l)| (k.as_str(), *l))
        .collect();
    assert_eq!(written, WRITES.iter().copied().collect());
}

/// A reply, an agreement, homework done and a shared self-check, waiting.
async fn say_one_of_everything(clinic: &TestClinic, db: &alongside_core::store::Database) {
    let now = Utc::now();
    Safety::new(db)
        .set_sharing(Instrument::Gad7, true)
        .await
        .unwrap();
    let sessions = Sessions::new(db).all().await.unwrap();
    let outbox = Outbox::new(db);
    outbox
        .reply(&week(&sessions, 8).id, Reply::Declined, None, now)
        .await
        .unwrap();
    let group = clinic.admin(reqwest::Method::GET, "state", None).await["group"]
        .as_str()
        .unwrap()
        .to_owned();
    outbox.agree_to_orientation(&group, now).await.unwrap();
    let homework = Practice::new(db).homework().await.unwrap();
    Telling::new(db)
        .homework_done(&homework[0].id, true, now)
        .await
        .unwrap();
    let draft = SelfCheckDraft {
        instrument: Instrument::Gad7,
        answers: vec![Some(2); 7],
        difficulty: None,
    };
    Telling::new(db)
        .self_check_taken(&draft, now, NY)
        .await
        .unwrap();
}

/// A FHIR request as (type, SMART letter, search parameters); `None` for
/// discovery and the batch envelope (its searches are listed one by one).
fn interaction(request: &str) -> Option<(String, char, Vec<String>)> {
    let (method, target) = request.split_once(' ')?;
    let url = Url::parse(&format!("http://clinic{target}")).ok()?;
    let path = url.path().strip_prefix("/fhir/R4/")?;
    let mut segments = path.split('/');
    let kind = segments
        .next()
        .filter(|k| k.starts_with(char::is_uppercase))?;
    let id = segments.next();
    let letter = match (method, id) {
        ("GET", None) => 's',
        ("GET", Some(_)) => 'r',
        ("POST", None) => 'c',
        ("PUT", Some(_)) => 'u',
        _ => panic!("an interaction sync does not make: {request}"),
    };
    let params = url
        .query_pairs()
        .map(|(k, _)| k.split(':').next().unwrap_or_default().to_owned());
    Some((kind.to_owned(), letter, params.collect()))
}
