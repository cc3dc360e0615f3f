//! Pulling the member's sessions: a search for their Appointments changed
//! since the last pull (a server-side `_lastUpdated` cursor with a little
//! overlap; versions already held are skipped), following `next` links.

use super::fhir::{Appointment, Bundle};
use super::reads::{Reads, Search};
use super::state::{instant, ClinicState};
use super::{ClinicError, LedgerAction, Result, Sessions};
use chrono::{DateTime, Duration, FixedOffset, SecondsFormat};
use serde_json::Value;

/// Servers stamp `lastUpdated` when a write starts and may commit later;
/// looking a little further back catches those.
const OVERLAP: Duration = Duration::minutes(5);
const PAGE_SIZE: &str = "100";
/// A bound on pages, so a server that keeps linking to itself cannot loop us.
const MAX_PAGES: usize = 500;

type Time = DateTime<FixedOffset>;

/// The search for the member's Appointments changed since the cursor.
pub async fn search(reads: &Reads<'_>) -> Result<Search> {
    let cursor = ClinicState::new(reads.db).cursor().await?;
    let patient = format!("Patient/{}", reads.signed_in.patient);
    let since = cursor.map(|since| {
        let since = (since - OVERLAP).to_rfc3339_opts(SecondsFormat::Millis, true);
        format!("ge{since}")
    });
    let mut query = vec![
        ("patient", patient.as_str()),
        ("_sort", "_lastUpdated"),
        ("_count", PAGE_SIZE),
    ];
    if let Some(since) = &since {
        query.push(("_lastUpdated", since));
    }
    reads.search(LedgerAction::ReadSessions, "Appointment", &query)
}

/// Takes the sessions search from its first page on; returns how many
/// sessions changed. The cursor moves only after every page has been
/// stored, so an interrupted pull is simply repeated, and never past an
/// Appointment that could not be read, so it is asked for again next time.
pub async fn pull(reads: &Reads<'_>, first: Bundle) -> Result<usize> {
    let (db, now) = (reads.db, reads.now);
    let state = ClinicState::new(db);
    let cursor = state.cursor().await?;
    let sessions = Sessions::new(db);
    let (mut progress, mut changed) = (Progress::from(cursor), 0);
    let mut bundle = first;
    for _ in 0..MAX_PAGES {
        reads.next_url(&bundle)?;
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
        match reads.next(LedgerAction::ReadSessions, &bundle).await? {
            None => {
                if let Some(to) = progress.cursor().filter(|to| Some(*to) != cursor) {
                    state.set_cursor(to, now).await?;
                }
                return Ok(changed);
            }
            Some(next) => bundle = next,
        }
    }
    Err(ClinicError::Malformed)
}

/// How often every Appointment id is read to find those removed at the
/// clinic (a search by `_lastUpdated` cannot see a deletion).
const RECONCILE_EVERY: Duration = Duration::hours(24);
const RECONCILED: &str = "clinic.sessions_reconciled_at";

/// The ids-only search of all the member's Appointments, when one is due.
pub async fn reconcile_search(reads: &Reads<'_>) -> Result<Option<Search>> {
    let meta = crate::store::Meta::new(reads.db);
    let last = meta.get(RECONCILED).await?.as_deref().and_then(instant);
    if last.is_some_and(|at| reads.now - at.to_utc() < RECONCILE_EVERY) {
        return Ok(None);
    }
    let patient = format!("Patient/{}", reads.signed_in.patient);
    let query = [
        ("patient", patient.as_str()),
        ("_elements", "id"),
        ("_count", "1000"),
    ];
    reads
        .search(LedgerAction::ReadSessions, "Appointment", &query)
        .map(Some)
}

/// Removes the sessions the clinic no longer has, once every page of ids
/// has been read; returns how many went. Entries linked to one keep the
/// link, which then reads as a session the clinic no longer lists.
pub async fn reconcile(reads: &Reads<'_>, first: Bundle) -> Result<usize> {
    let mut ids = std::collections::HashSet::new();
    let mut bundle = first;
    for _ in 0..MAX_PAGES {
        reads.next_url(&bundle)?;
        let resources = bundle.entry.iter().filter_map(|e| e.resource.as_ref());
        for resource in resources.filter(|r| Appointment::is_one(r)) {
            let id = resource["id"].as_str().ok_or(ClinicError::Malformed)?;
            ids.insert(id.to_owned());
        }
        match reads.next(LedgerAction::ReadSessions, &bundle).await? {
            Some(next) => bundle = next,
            None => {
                let gone = Sessions::new(reads.db).keep_only(&ids).await?;
                crate::store::Meta::new(reads.db)
                    .set(RECONCILED, &crate::clock::stamp(reads.now), reads.now)
                    .await?;
                return Ok(gone);
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

#[cfg(test)]
mod tests {
    use super::*;

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

    mod fuzz {
        use super::*;
        use crate::clinic::fuzz::{config, word};
        use proptest::prelude::*;

        /// A `meta.lastUpdated` as a server may send it.
        fn updated() -> BoxedStrategy<String> {
            prop_oneof![
                1 => word(),
                3 => (-62_135_596_800i64..253_402_300_799, -86_399i32..86_399, 0u32..1_000_000_000)
                    .prop_map(|(secs, offset, nanos)| {
                        let at = DateTime::<chrono::Utc>::from_timestamp(secs, nanos).unwrap_or_default();
                        let zone = FixedOffset::east_opt(offset).unwrap_or(FixedOffset::east_opt(0).unwrap());
                        at.with_timezone(&zone).to_rfc3339()
                    }),
            ]
            .boxed()
        }

        proptest! {
            #![proptest_config(config())]

            /// However the Appointments of a pull come (readable or not,
            /// with a time that parses or not), the cursor never passes the
            /// earliest one that could not be read, and stays put when one
            /// had no time at all.
            #[test]
            fn the_cursor_never_passes_an_unreadable_appointment(
                start in proptest::option::of(updated()),
                seen in proptest::collection::vec((any::<bool>(), proptest::option::of(updated())), 0..12),
            ) {
                let start = start.as_deref().and_then(instant);
                let mut progress = Progress::from(start);
                let mut unreadable: Vec<Option<Time>> = Vec::new();
                for (readable, at) in &seen {
                    let at = at.as_deref().and_then(instant);
                    if *readable {
                        progress.stored(at);
                    } else {
                        progress.unreadable(at);
                        unreadable.push(at);
                    }
                }
                if unreadable.iter().any(Option::is_none) {
                    prop_assert_eq!(progress.cursor(), None);
                } else if let Some(earliest) = unreadable.iter().flatten().min() {
                    prop_assert!(progress.cursor().is_some_and(|c| c <= *earliest));
                }
            }
        }
    }
}
