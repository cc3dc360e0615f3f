//! Pulling the member's sessions: a search for their Appointments changed
//! since the last pull (a server-side `_lastUpdated` cursor with a little
//! overlap; versions already held are skipped), following `next` links.

use super::connection::CURSOR;
use super::fhir::{Appointment, Bundle};
use super::{ClinicAddress, ClinicError, Ledger, LedgerAction, Result, Sessions};
use crate::store::{Database, Meta};
use chrono::{DateTime, Duration, FixedOffset, SecondsFormat};
use url::Url;

/// Servers stamp `lastUpdated` when a write starts and may commit later;
/// looking a little further back catches those.
const OVERLAP: Duration = Duration::minutes(5);
const PAGE_SIZE: &str = "100";
/// A bound on pages, so a server that keeps linking to itself cannot loop us.
const MAX_PAGES: usize = 500;

/// Returns how many sessions changed. The cursor moves only after every
/// page has been stored, so an interrupted pull is simply repeated.
pub async fn pull_sessions(
    db: &Database,
    http: &reqwest::Client,
    address: &ClinicAddress,
    patient: &str,
    access: &str,
) -> Result<usize> {
    let meta = Meta::new(db);
    let cursor = meta
        .get(CURSOR)
        .await?
        .and_then(|c| DateTime::parse_from_rfc3339(&c).ok());
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
    let (mut newest, mut changed) = (cursor, 0);
    for _ in 0..MAX_PAGES {
        let bundle = Ledger::new(db)
            .around(
                LedgerAction::ReadSessions,
                "GET",
                &url,
                fetch(http, url.clone(), access),
            )
            .await?;
        for resource in bundle.entry.iter().filter_map(|e| e.resource.as_ref()) {
            let Some(appointment) = Appointment::from_entry(resource) else {
                continue;
            };
            if sessions.upsert(&appointment, resource).await? {
                changed += 1;
            }
            let updated = appointment
                .meta
                .last_updated
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
            newest = newest.max(updated);
        }
        match bundle.next() {
            None => {
                if let Some(newest) = newest {
                    meta.set(CURSOR, &stamp(newest)).await?;
                }
                return Ok(changed);
            }
            Some(next) => {
                url = Url::parse(next).map_err(|_| ClinicError::Malformed)?;
                if !address.owns(&url) {
                    return Err(ClinicError::Malformed);
                }
            }
        }
    }
    Err(ClinicError::Malformed)
}

async fn fetch(http: &reqwest::Client, url: Url, access: &str) -> Result<Bundle> {
    let response = http
        .get(url)
        .bearer_auth(access)
        .header("accept", "application/fhir+json")
        .send()
        .await
        .map_err(ClinicError::Unreachable)?;
    let status = response.status().as_u16();
    match status {
        200..=299 => {}
        401 | 403 => return Err(ClinicError::Expired),
        429 | 503 => {
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok());
            return Err(ClinicError::Busy { retry_after });
        }
        _ => return Err(ClinicError::Server { status }),
    }
    let body = response.bytes().await.map_err(ClinicError::Unreachable)?;
    serde_json::from_slice(&body).map_err(|_| ClinicError::Malformed)
}

fn stamp(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}
