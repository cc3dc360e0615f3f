//! Pulling the member's sessions: a search for their Appointments changed
//! since the last pull (a server-side `_lastUpdated` cursor with a little
//! overlap; versions already held are skipped), following `next` links.

use super::fhir::{Appointment, Bundle};
use super::state::{instant, ClinicState, SignedIn};
use super::{body, retry, ClinicError, Ledger, LedgerAction, Result, Sessions};
use crate::store::Database;
use chrono::{DateTime, Duration, FixedOffset, SecondsFormat, Utc};
use serde_json::Value;
use url::Url;

/// Servers stamp `lastUpdated` when a write starts and may commit later;
/// looking a little further back catches those.
const OVERLAP: Duration = Duration::minutes(5);
const PAGE_SIZE: &str = "100";
/// A bound on pages, so a server that keeps linking to itself cannot loop us.
const MAX_PAGES: usize = 500;

type Time = DateTime<FixedOffset>;

/// Returns how many sessions changed. The cursor moves only after every
/// page has been stored, so an interrupted pull is simply repeated, and
/// never past an Appointment that could not be read, so it is asked for
/// again next time.
pub async fn pull_sessions(
    db: &Database,
    http: &reqwest::Client,
    signed_in: &SignedIn,
    access: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    let (address, patient) = (&signed_in.address, &signed_in.patient);
    let state = ClinicState::new(db);
    let cursor = state.cursor().await?;
    let mut url = address.join("Appointment")?;
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("patient", &format!("Patient/{patient}"))
            .append_pair("_sort", "_lastUpdated")
            .append_pair("_count", PAGE_SIZE);
        if let Some(since) = cursor {
            let since = (since - OVERLAP).to_rfc3339_opts(SecondsFormat::Millis, true);
            query.append_pair("_lastUpdated", &format!("ge{since}"));
        }
    }
    let sessions = Sessions::new(db);
    let (mut progress, mut changed) = (Progress::from(cursor), 0);
    for _ in 0..MAX_PAGES {
        let bundle = Ledger::new(db)
            .around(
                LedgerAction::ReadSessions,
                "GET",
                &url,
                now,
                fetch::<Bundle>(http, url.clone(), access),
            )
            .await?;
        for resource in bundle.entry.iter().filter_map(|e| e.resource.as_ref()) {
            if !Appointment::is_one(resource) {
                continue;
            }
            let updated = resource
                .pointer("/meta/lastUpdated")
                .and_then(Value::as_str)
                .and_then(instant);
            let Some(appointment) = Appointment::from_entry(resource) else {
                progress.unreadable(updated);
                continue;
            };
            if sessions.upsert(&appointment, resource).await? {
                changed += 1;
            }
            progress.stored(updated);
        }
        match bundle.next() {
            None => {
                if let Some(to) = progress.cursor().filter(|to| Some(*to) != cursor) {
                    state.set_cursor(to, now).await?;
                }
                return Ok(changed);
            }
            Some(next) => {
                url = Url::parse(next).map_err(|_| ClinicError::Malformed)?;
                // Another origin would be handed the member's token.
                if !address.owns(&url) {
                    return Err(ClinicError::Malformed);
                }
            }
        }
    }
    Err(ClinicError::Malformed)
}

/// How far the cursor may move after a pull.
struct Progress {
    newest: Option<Time>,
    /// The earliest change that could not be read; `Some(None)` when one had
    /// no time of its own, which holds the cursor where it was.
    held: Option<Option<Time>>,
}

impl From<Option<Time>> for Progress {
    fn from(cursor: Option<Time>) -> Self {
        Self {
            newest: cursor,
            held: None,
        }
    }
}

impl Progress {
    fn stored(&mut self, updated: Option<Time>) {
        self.newest = self.newest.max(updated);
    }

    fn unreadable(&mut self, updated: Option<Time>) {
        self.held = Some(match (self.held, updated) {
            (Some(None), _) | (_, None) => None,
            (Some(Some(held)), Some(t)) => Some(held.min(t)),
            (None, Some(t)) => Some(t),
        });
    }

    /// None: leave the cursor as it is.
    fn cursor(&self) -> Option<Time> {
        match self.held {
            None => self.newest,
            Some(None) => None,
            Some(Some(held)) => Some(self.newest.map_or(held, |n| n.min(held))),
        }
    }
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
    let status = response.status().as_u16();
    match status {
        200..=299 => {}
        401 | 403 => return Err(ClinicError::Expired),
        429 | 503 => {
            return Err(ClinicError::Busy {
                retry_after: retry::retry_after(response.headers()),
            })
        }
        _ => return Err(ClinicError::Server { status }),
    }
    let body = body::read(response).await?;
    serde_json::from_slice(&body).map_err(|_| ClinicError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    #[test]
    fn the_cursor_never_passes_an_unreadable_appointment() {
        let at = |t: &str| instant(t);
        let start = at("2026-11-01T00:00:00Z");
        let mut clean = Progress::from(start);
        clean.stored(at("2026-11-03T00:00:00Z"));
        assert_eq!(clean.cursor(), at("2026-11-03T00:00:00Z"));

        let mut held = Progress::from(start);
        held.stored(at("2026-11-05T00:00:00Z"));
        held.unreadable(at("2026-11-04T00:00:00Z"));
        held.unreadable(at("2026-11-06T00:00:00Z"));
        assert_eq!(held.cursor(), at("2026-11-04T00:00:00Z"));

        let mut untimed = Progress::from(start);
        untimed.unreadable(None);
        untimed.stored(at("2026-11-05T00:00:00Z"));
        untimed.unreadable(at("2026-11-04T00:00:00Z"));
        assert_eq!(untimed.cursor(), None);
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
