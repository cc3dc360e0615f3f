//! The reads of one sync, in as few requests as the server allows: the
//! first page of every search goes in one FHIR `batch` (plain R4), later
//! pages follow `next` links alone. A server that does not take batches
//! (it answers the batch itself with 400, 404, 405, 415, 422 or 501) is
//! asked one search at a time, and not offered a batch again for a day.

use super::fhir::Bundle;
use super::state::SignedIn;
use super::{answer, ClinicError, Ledger, LedgerAction, Result, SentField};
use crate::clock::stamp;
use crate::store::{Database, Meta};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use url::Url;

const NO_BATCH: &str = "clinic.batch_refused_at";
const BATCH_AGAIN_AFTER: Duration = Duration::days(1);

/// One search: what it reads (in the ledger's words) and its address.
pub struct Search {
    pub action: LedgerAction,
    pub url: Url,
}

#[derive(Clone, Copy)]
pub struct Reads<'a> {
    pub db: &'a Database,
    pub http: &'a reqwest::Client,
    pub signed_in: &'a SignedIn,
    pub access: &'a str,
    pub now: DateTime<Utc>,
}

#[derive(Deserialize)]
struct BatchResponse {
    #[serde(rename = "resourceType")]
    resource_type: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    entry: Vec<BatchEntry>,
}

#[derive(Deserialize)]
struct BatchEntry {
    response: Option<EntryResponse>,
    resource: Option<Value>,
}

#[derive(Deserialize)]
struct EntryResponse {
    status: String,
}

impl<'a> Reads<'a> {
    /// A search's address on the clinic.
    pub fn search(
        &self,
        action: LedgerAction,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Search> {
        let url = Self::address(self.signed_in, path, query)?;
        Ok(Search { action, url })
    }

    /// The address of a search of `path` on the clinic signed in to.
    pub fn address(signed_in: &SignedIn, path: &str, query: &[(&str, &str)]) -> Result<Url> {
        let mut url = signed_in.address.join(path)?;
        {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// The first page of each search, in order. A failure of the whole
    /// request is returned as the error; a failure of one search is its
    /// own result.
    pub async fn first_pages(&self, searches: &[&Search]) -> Result<Vec<Result<Bundle>>> {
        if searches.is_empty() {
            return Ok(Vec::new());
        }
        if searches.len() > 1 && self.batches().await? {
            match self.batch(searches).await {
                Err(ClinicError::Server { status })
                    if matches!(status, 400 | 404 | 405 | 415 | 422 | 501) =>
                {
                    tracing::info!(
                        status,
                        "the clinic does not take batches; reading one by one"
                    );
                    Meta::new(self.db)
                        .set(NO_BATCH, &stamp(self.now), self.now)
                        .await?;
                }
                other => return other,
            }
        }
        let mut pages = Vec::with_capacity(searches.len());
        for search in searches {
            let page = self.page(search.action, &search.url).await;
            if matches!(page, Err(ClinicError::Expired)) {
                return Err(ClinicError::Expired);
            }
            pages.push(page);
        }
        Ok(pages)
    }

    /// One page, read on its own.
    pub async fn page(&self, action: LedgerAction, url: &Url) -> Result<Bundle> {
        Ledger::new(self.db)
            .around(
                action,
                "GET",
                url,
                self.now,
                fetch(self.http, url.clone(), self.access),
            )
            .await
    }

    /// The page a `next` link names, only on the clinic's own address (any
    /// other would be handed the member's token).
    pub async fn next(&self, action: LedgerAction, bundle: &Bundle) -> Result<Option<Bundle>> {
        match self.next_url(bundle)? {
            Some(url) => self.page(action, &url).await.map(Some),
            None => Ok(None),
        }
    }

    /// A page's `next` link, refused unless it is on the clinic's own
    /// address. Asked before a page is taken in, so nothing of a page that
    /// points elsewhere is kept.
    pub fn next_url(&self, bundle: &Bundle) -> Result<Option<Url>> {
        let Some(next) = bundle.next() else {
            return Ok(None);
        };
        let url = Url::parse(next).map_err(|_| ClinicError::Malformed)?;
        if !self.signed_in.address.owns(&url) {
            return Err(ClinicError::Malformed);
        }
        Ok(Some(url))
    }

    async fn batches(&self) -> Result<bool> {
        let refused = Meta::new(self.db).get(NO_BATCH).await?;
        let recent = refused
            .and_then(|at| DateTime::parse_from_rfc3339(&at).ok())
            .is_some_and(|at| self.now - at.to_utc() < BATCH_AGAIN_AFTER);
        Ok(!recent)
    }

    async fn batch(&self, searches: &[&Search]) -> Result<Vec<Result<Bundle>>> {
        let base = self.signed_in.address.join("")?;
        let relative: Vec<String> = searches
            .iter()
            .map(|s| s.url.as_str().trim_start_matches(base.as_str()).to_owned())
            .collect();
        let body = json!({
            "resourceType": "Bundle",
            "type": "batch",
            "entry": relative.iter().map(|url| json!({"request": {"method": "GET", "url": url}}))
                .collect::<Vec<_>>(),
        });
        let fields: Vec<SentField> = searches
            .iter()
            .zip(&relative)
            .map(|(s, url)| SentField {
                name: s.action.as_str().to_owned(),
                value: format!("GET {url}"),
                outcome: None,
            })
            .collect();
        let request = self
            .http
            .post(base.clone())
            .bearer_auth(self.access)
            .header("accept", "application/fhir+json")
            .header("content-type", "application/fhir+json")
            .body(body.to_string());
        let answer = async {
            let response = request.send().await.map_err(ClinicError::unreachable)?;
            let bytes = checked(response).await?;
            let answer = serde_json::from_slice::<BatchResponse>(&bytes)
                .map_err(|_| ClinicError::Malformed)?;
            if answer.resource_type != "Bundle"
                || answer.kind != "batch-response"
                || answer.entry.len() != searches.len()
            {
                return Err(ClinicError::Malformed);
            }
            Ok(answer.entry.into_iter().map(entry_result).collect())
        };
        Ledger::new(self.db)
            .around_each(LedgerAction::ReadAll, &base, &fields, self.now, answer)
            .await
    }
}

/// One search's answer inside a batch-response.
fn entry_result(entry: BatchEntry) -> Result<Bundle> {
    let status: u16 = entry
        .response
        .as_ref()
        .and_then(|r| r.status.split_ascii_whitespace().next())
        .and_then(|s| s.parse().ok())
        .ok_or(ClinicError::Malformed)?;
    if let Some(refused) = answer::refusal(status, None) {
        return Err(refused);
    }
    let resource = entry.resource.ok_or(ClinicError::Malformed)?;
    if resource["resourceType"] != "Bundle" {
        return Err(ClinicError::Malformed);
    }
    serde_json::from_value(resource).map_err(|_| ClinicError::Malformed)
}

pub(super) async fn fetch<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: Url,
    access: &str,
) -> Result<T> {
    let response = http
        .get(url)
        .bearer_auth(access)
        .header("accept", "application/fhir+json")
        .send()
        .await
        .map_err(ClinicError::unreachable)?;
    let body = checked(response).await?;
    serde_json::from_slice(&body).map_err(|_| ClinicError::Malformed)
}

/// A read's body, capped, when the clinic answered 2xx (a 403 is a read
/// this sign-in may not make: the server's error, which callers name).
pub(super) async fn checked(response: reqwest::Response) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    match answer::refusal(response.status().as_u16(), Some(response.headers())) {
        None => answer::read(response).await,
        Some(refused) => Err(refused),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;
    use std::error::Error;

    #[test]
    fn a_batch_entry_is_its_own_answer() {
        let ok: BatchEntry = serde_json::from_value(json!({
            "response": {"status": "200 OK"},
            "resource": {"resourceType": "Bundle", "type": "searchset", "entry": []}}))
        .unwrap();
        assert!(entry_result(ok).is_ok());
        let refused: BatchEntry = serde_json::from_value(json!({
            "response": {"status": "403"},
            "resource": {"resourceType": "OperationOutcome", "issue": []}}))
        .unwrap();
        assert!(matches!(
            entry_result(refused),
            Err(ClinicError::Server { status: 403 })
        ));
        let expired: BatchEntry =
            serde_json::from_value(json!({"response": {"status": "401 Unauthorized"}})).unwrap();
        assert!(matches!(entry_result(expired), Err(ClinicError::Expired)));
        let odd: BatchEntry = serde_json::from_value(json!({
            "response": {"status": "two hundred"}, "resource": {"resourceType": "Bundle"}}))
        .unwrap();
        assert!(matches!(entry_result(odd), Err(ClinicError::Malformed)));
    }

    mod fuzz {
        use super::*;
        use crate::clinic::fuzz::{config, drawn, text_of, word, Drawn, APPOINTMENT};
        use proptest::prelude::*;

        /// A batch-response's entry: mostly a status and a searchset.
        fn entry() -> Drawn<Value> {
            drawn(|d| {
                let mut entry = d.shaped(
                    &[""],
                    &["/response/status#w:200|200 OK|201 Created| 204|299|300|401|401 Unauthorized|403|429|503|two hundred|99999", "/response/outcome/resourceType"],
                );
                if d.chance(80) && entry.is_object() {
                    entry["resource"] =
                        d.bundle(&|d| d.shaped(&["Appointment", "Task"], APPOINTMENT));
                }
                entry
            })
        }

        proptest! {
            #![proptest_config(config())]

            /// A batch-response and each of its entries: a 2xx entry is a
            /// Bundle, a 401 an expired sign-in, a 429 or 503 busy.
            #[test]
            fn a_batch_response_and_its_entries(
                entries in proptest::collection::vec(entry(), 0..4),
                kind in prop_oneof![Just("batch-response".to_owned()), word()],
                cut in 0usize..4096,
            ) {
                let answer = json!({"resourceType": "Bundle", "type": kind, "entry": entries});
                let _ = serde_json::from_slice::<BatchResponse>(&text_of(&answer, cut, None));
                if let Ok(read) = serde_json::from_slice::<BatchResponse>(&text_of(&answer, 0, None)) {
                    prop_assert_eq!(read.entry.len(), entries.len());
                }
                for sent in entries {
                    let Ok(entry) = serde_json::from_value::<BatchEntry>(sent.clone()) else {
                        continue;
                    };
                    let status: Option<u16> = sent["response"]["status"]
                        .as_str()
                        .and_then(|s| s.split_ascii_whitespace().next())
                        .and_then(|s| s.parse().ok());
                    match entry_result(entry) {
                        Ok(_) => {
                            prop_assert!(status.is_some_and(|s| (200..=299).contains(&s)));
                            prop_assert_eq!(&sent["resource"]["resourceType"], "Bundle");
                        }
                        Err(ClinicError::Expired) => prop_assert_eq!(status, Some(401)),
                        Err(ClinicError::Busy { retry_after }) => {
                            prop_assert!(matches!(status, Some(429 | 503)));
                            prop_assert_eq!(retry_after, None);
                        }
                        Err(ClinicError::Server { status: s }) => prop_assert_eq!(status, Some(s)),
                        Err(ClinicError::Malformed) => {}
                        Err(other) => prop_assert!(false, "{:?}", other),
                    }
                }
            }
        }
    }

    #[tokio::test]
    async fn a_failed_read_names_neither_the_patient_nor_the_clinic() {
        // A port nothing listens on.
        let closed = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let port = closed.local_addr().unwrap().port();
        drop(closed);
        let url = Url::parse(&format!(
            "http://127.0.0.1:{port}/fhir/R4/Appointment?patient=Patient%2Fpt-canary-4417"
        ))
        .unwrap();
        let e = fetch::<Bundle>(&super::super::http_client().unwrap(), url, "token-canary")
            .await
            .unwrap_err();
        assert_eq!(e.code(), "clinic_unreachable");
        let mut seen = vec![e.to_string(), format!("{e:?}")];
        let mut source = e.source();
        while let Some(cause) = source {
            seen.extend([cause.to_string(), format!("{cause:?}")]);
            source = cause.source();
        }
        assert!(seen.len() > 2, "the kind of failure is kept: {seen:?}");
        let port = port.to_string();
        for text in &seen {
            for secret in ["pt-canary-4417", "127.0.0.1", port.as_str(), "token-canary"] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
    }
}
