//! Sending the outbox: each waiting item, oldest first, before a pull.
//! Creates carry the item's id as their identifier and `If-None-Exist`, so
//! a send whose answer was lost is found, not made twice. A server that
//! refuses conditional create (some allow it only to system clients) gets
//! the same in two steps: a search by that identifier, then a plain create.
//! Homework is an
//! update of the clinic's own Task: read it, change only its status, write
//! it back with `If-Match`; a 412 (someone changed it meanwhile) reads it
//! again and reapplies the status. Everything else in the Task — fields and
//! extensions the app does not know — goes back as the clinic sent it.

use super::fhir::Bundle;
use super::outbox::{Outbox, OutboxItem, Payload, OUTBOX_SYSTEM};
use super::reads::{self, Reads};
use super::resources;
use super::state::SignedIn;
use super::{answer, ClinicError, Ledger, LedgerAction, Result};
use crate::store::Database;
use chrono::{DateTime, Utc};
use reqwest::header::LOCATION;
use serde_json::Value;
use url::Url;

/// How often a homework update reads the Task again after a 412.
const CONFLICT_TRIES: usize = 3;

/// What one drain did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Drained {
    pub sent: usize,
    pub refused: usize,
}

/// Sends every waiting item. Stops at the first failure that is the
/// clinic's or the network's (the rest wait for the next sync, in order);
/// an item the clinic refuses is set aside with its reason.
pub async fn drain(
    db: &Database,
    http: &reqwest::Client,
    signed_in: &SignedIn,
    access: &str,
    now: DateTime<Utc>,
) -> Result<Drained> {
    let outbox = Outbox::new(db);
    let mut drained = Drained::default();
    for waiting in outbox.waiting().await? {
        // Counted and read again in one write: what goes is what is held
        // now, and an item withdrawn since (a deleted self-check) is not sent.
        let Some(payload) = outbox.tried(&waiting.id).await? else {
            continue;
        };
        let item = OutboxItem {
            payload,
            tries: waiting.tries + 1,
            ..waiting
        };
        let sender = Sender {
            db,
            http,
            signed_in,
            access,
            now,
        };
        match sender.send(&item).await {
            Ok(server_id) => {
                outbox.sent(&item.id, &server_id, now).await?;
                drained.sent += 1;
            }
            Err(ClinicError::NotAccepted { reason }) => {
                outbox.refused(&item.id, reason.as_deref()).await?;
                drained.refused += 1;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(drained)
}

struct Sender<'a> {
    db: &'a Database,
    http: &'a reqwest::Client,
    signed_in: &'a SignedIn,
    access: &'a str,
    now: DateTime<Utc>,
}

impl Sender<'_> {
    /// Returns the id the clinic keeps the item under.
    async fn send(&self, item: &OutboxItem) -> Result<String> {
        let patient = &self.signed_in.patient;
        let (action, resource) = match &item.payload {
            Payload::Homework { task, done } => return self.update_task(item, task, *done).await,
            Payload::Rsvp { .. } => (
                LedgerAction::SendReply,
                resources::appointment_response(item, patient),
            ),
            Payload::Agreement { .. } => (
                LedgerAction::SendAgreement,
                resources::agreement(item, patient),
            ),
            Payload::SelfCheck { .. } => (
                LedgerAction::SendSelfCheck,
                resources::self_check(item, patient),
            ),
        };
        let Some(resource) = resource else {
            return Err(ClinicError::NotAccepted { reason: None });
        };
        let kind = resource["resourceType"].as_str().unwrap_or_default();
        let fields = super::ledger::fields_of(&item.payload);
        let identifier = format!("{OUTBOX_SYSTEM}|{}", item.id);
        let create = |condition| self.create(action, kind, &resource, &fields, condition);
        match create(Some(&identifier)).await {
            Err(ClinicError::NotAccepted { .. }) => {
                if let Some(id) = self.find(kind, &identifier).await? {
                    return Ok(id);
                }
                create(None).await
            }
            other => other,
        }
    }

    /// POSTs `resource`; with `identifier`, only if none has it yet.
    async fn create(
        &self,
        action: LedgerAction,
        kind: &str,
        resource: &Value,
        fields: &[super::SentField],
        identifier: Option<&str>,
    ) -> Result<String> {
        let url = self.signed_in.address.join(kind)?;
        let mut request = self
            .http
            .post(url.clone())
            .bearer_auth(self.access)
            .header("accept", "application/fhir+json")
            .header("content-type", "application/fhir+json")
            .body(resource.to_string());
        if let Some(identifier) = identifier {
            request = request.header("if-none-exist", format!("identifier={identifier}"));
        }
        let created = async {
            let (answer, location) = answer_of(request.send().await).await?;
            id_of(&answer, location.as_deref(), kind)
        };
        Ledger::new(self.db)
            .around_with(action, "POST", &url, fields, self.now, created)
            .await
    }

    /// The id of a `kind` the clinic holds under `identifier`, if any. A
    /// refused search is the clinic refusing the item.
    async fn find(&self, kind: &str, identifier: &str) -> Result<Option<String>> {
        let url = Reads::address(self.signed_in, kind, &[("identifier", identifier)])?;
        let search = reads::fetch::<Bundle>(self.http, url.clone(), self.access);
        let found = Ledger::new(self.db)
            .around(LedgerAction::FindSent, "GET", &url, self.now, search)
            .await;
        let bundle = match found {
            Err(ClinicError::Server { status: 400..=499 }) => {
                return Err(ClinicError::NotAccepted { reason: None })
            }
            other => other?,
        };
        let (system, value) = identifier.split_once('|').unwrap_or_default();
        let found: Vec<&Value> = bundle
            .entry
            .iter()
            .filter_map(|e| e.resource.as_ref())
            .filter(|r| r["resourceType"] == kind)
            .collect();
        // An answer that cannot be read whole is no proof the item is not
        // there: creating it then could make it twice.
        if found
            .iter()
            .any(|r| r["id"].as_str().is_none_or(str::is_empty))
        {
            return Err(ClinicError::Malformed);
        }
        Ok(found
            .into_iter()
            .find(|r| has_identifier(r, system, value))
            .and_then(|r| r["id"].as_str())
            .map(str::to_owned))
    }

    async fn update_task(&self, item: &OutboxItem, task: &str, done: bool) -> Result<String> {
        let url = self.signed_in.address.join(&format!("Task/{task}"))?;
        let status = if done { "completed" } else { "in-progress" };
        let fields = super::ledger::fields_of(&item.payload);
        let ledger = Ledger::new(self.db);
        for _ in 0..CONFLICT_TRIES {
            let read = async {
                let request = self
                    .http
                    .get(url.clone())
                    .bearer_auth(self.access)
                    .header("accept", "application/fhir+json");
                answer_of(request.send().await).await
            };
            let (mut current, _) = ledger
                .around(LedgerAction::ReadHomework, "GET", &url, self.now, read)
                .await?;
            if current["resourceType"] != "Task" || current["id"] != task {
                return Err(ClinicError::Malformed);
            }
            if current["status"] == status {
                return Ok(task.to_owned());
            }
            // Called off at the clinic: its word wins, and the member sees it refused.
            if ["cancelled", "rejected", "failed", "entered-in-error"]
                .iter()
                .any(|s| current["status"] == *s)
            {
                return Err(ClinicError::NotAccepted { reason: None });
            }
            let version = current
                .pointer("/meta/versionId")
                .and_then(Value::as_str)
                .map(str::to_owned);
            current["status"] = Value::from(status);
            let mut request = self
                .http
                .put(url.clone())
                .bearer_auth(self.access)
                .header("accept", "application/fhir+json")
                .header("content-type", "application/fhir+json")
                .body(current.to_string());
            if let Some(version) = version {
                request = request.header("if-match", format!("W/\"{version}\""));
            }
            let written = async { answer_of(request.send().await).await.map(|_| ()) };
            match ledger
                .around_with(
                    LedgerAction::SendHomework,
                    "PUT",
                    &url,
                    &fields,
                    self.now,
                    written,
                )
                .await
            {
                Ok(()) => return Ok(task.to_owned()),
                Err(ClinicError::Conflict) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(ClinicError::Conflict)
    }
}

/// The body of a 2xx answer and its `Location`; other answers as errors.
async fn answer_of(sent: reqwest::Result<reqwest::Response>) -> Result<(Value, Option<String>)> {
    let response = sent.map_err(ClinicError::unreachable)?;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    match status {
        412 => return Err(ClinicError::Conflict),
        400..=499 if !matches!(status, 401 | 429) => {
            let reason = answer::read(response)
                .await
                .ok()
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
                .and_then(|outcome| reason_of(&outcome));
            return Err(ClinicError::NotAccepted { reason });
        }
        _ => {
            if let Some(refused) = answer::refusal(status, Some(response.headers())) {
                return Err(refused);
            }
        }
    }
    let body = answer::read(response).await?;
    if body.is_empty() {
        return Ok((Value::Null, location));
    }
    let value = serde_json::from_slice(&body).map_err(|_| ClinicError::Malformed)?;
    Ok((value, location))
}

/// Whether `resource` carries the identifier `system|value` (a server that
/// ignores the search parameter answers with everything). A
/// QuestionnaireResponse has one identifier, an AppointmentResponse a list.
fn has_identifier(resource: &Value, system: &str, value: &str) -> bool {
    let identifier = &resource["identifier"];
    let list = match identifier.as_array() {
        Some(list) => list.iter().collect(),
        None => vec![identifier],
    };
    list.into_iter()
        .any(|i| i["system"] == system && i["value"] == value)
}

/// An OperationOutcome's first words for a person.
fn reason_of(outcome: &Value) -> Option<String> {
    if outcome["resourceType"] != "OperationOutcome" {
        return None;
    }
    let issue = outcome.pointer("/issue/0")?;
    issue
        .pointer("/details/text")
        .or_else(|| issue.get("diagnostics"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The created resource's id: from the body, else the `Location` header.
fn id_of(answer: &Value, location: Option<&str>, kind: &str) -> Result<String> {
    if answer["resourceType"] == kind {
        if let Some(id) = answer["id"].as_str().filter(|id| !id.is_empty()) {
            return Ok(id.to_owned());
        }
    }
    let location = location.ok_or(ClinicError::Malformed)?;
    let path = Url::parse(location)
        .map(|u| u.path().to_owned())
        .unwrap_or_else(|_| location.to_owned());
    let mut parts = path.split('/').skip_while(|p| *p != kind).skip(1);
    parts
        .next()
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .ok_or(ClinicError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_created_id_comes_from_the_body_or_the_location() {
        let body = json!({"resourceType": "AppointmentResponse", "id": "r1"});
        assert_eq!(id_of(&body, None, "AppointmentResponse").unwrap(), "r1");
        let located = "https://c.example/fhir/R4/AppointmentResponse/r2/_history/1";
        assert_eq!(
            id_of(&Value::Null, Some(located), "AppointmentResponse").unwrap(),
            "r2"
        );
        assert!(id_of(&Value::Null, None, "AppointmentResponse").is_err());
        assert!(id_of(&json!({"resourceType": "Patient", "id": "p"}), None, "Task").is_err());
    }

    #[test]
    fn an_item_is_found_by_its_one_identifier_or_one_of_a_list() {
        let (system, value) = ("urn:alongside:outbox", "i1");
        let one = json!({"identifier": {"system": system, "value": value}});
        let list = json!({"identifier": [{"system": "x", "value": value}, {"system": system, "value": value}]});
        assert!(has_identifier(&one, system, value) && has_identifier(&list, system, value));
        let other = json!({"identifier": {"system": system, "value": "i2"}});
        assert!(
            !has_identifier(&other, system, value) && !has_identifier(&json!({}), system, value)
        );
    }

    #[test]
    fn a_refusal_keeps_the_clinics_first_words() {
        let outcome = json!({"resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": "invalid", "details": {"text": "Session is full"}}]});
        assert_eq!(reason_of(&outcome).as_deref(), Some("Session is full"));
        let bare = json!({"resourceType": "OperationOutcome", "issue": [{"diagnostics": "No"}]});
        assert_eq!(reason_of(&bare).as_deref(), Some("No"));
        assert_eq!(reason_of(&json!({"error": "x"})), None);
    }

    mod fuzz {
        use super::*;
        use crate::clinic::fuzz::{config, shaped, url_word, word};
        use proptest::prelude::*;
        use proptest::sample::select;

        const KINDS: &[&str] = &["AppointmentResponse", "QuestionnaireResponse", "Task"];

        /// Found by `a_created_id`: an empty id in the body was taken as
        /// the id the clinic keeps the item under.
        #[test]
        fn an_empty_id_is_no_id() {
            let empty = json!({"resourceType": "AppointmentResponse", "id": ""});
            assert!(id_of(&empty, None, "AppointmentResponse").is_err());
            let located = "https://c.example/fhir/R4/AppointmentResponse/r2";
            assert_eq!(
                id_of(&empty, Some(located), "AppointmentResponse").unwrap(),
                "r2"
            );
        }

        proptest! {
            #![proptest_config(config())]

            /// A created resource's id, from its body or its `Location`:
            /// never empty, never more than one path segment.
            #[test]
            fn a_created_id(
                answer in shaped(KINDS, &["/id"]),
                location in proptest::option::of(prop_oneof![
                    url_word(),
                    word(),
                    (select(KINDS), word()).prop_map(|(k, id)| format!("https://c.example/fhir/R4/{k}/{id}/_history/1")),
                    (select(KINDS), word()).prop_map(|(k, id)| format!("{k}/{id}")),
                ]),
                kind in select(KINDS),
            ) {
                match id_of(&answer, location.as_deref(), kind) {
                    Ok(id) => {
                        prop_assert!(!id.is_empty());
                        if answer["resourceType"] == kind && answer["id"].as_str().is_some_and(|id| !id.is_empty()) {
                            prop_assert_eq!(&answer["id"], &json!(id));
                        } else {
                            prop_assert!(!id.contains('/'), "{}", id);
                            prop_assert!(location.is_some());
                        }
                    }
                    Err(e) => prop_assert!(matches!(e, ClinicError::Malformed)),
                }
            }

            /// A refusal's words: only from an OperationOutcome.
            #[test]
            fn a_refusal(outcome in shaped(&["OperationOutcome"], &[
                "/issue/0/details/text",
                "/issue/0/diagnostics",
                "/issue/1/details/text",
            ])) {
                if let Some(reason) = reason_of(&outcome) {
                    prop_assert_eq!(&outcome["resourceType"], "OperationOutcome");
                    let issue = &outcome["issue"][0];
                    prop_assert!(issue["details"]["text"] == reason.as_str() || issue["diagnostics"] == reason.as_str());
                }
            }
        }
    }
}
