//! The member's group sessions as the clinic lists them: one Appointment
//! each, replaced whenever the server has a newer version.

use super::fhir::Appointment;
use super::Result;
use crate::clock::stamp;
use crate::store::Database;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::Row;
use ts_rs::TS;

/// How many past sessions the journal offers to link an entry to.
const JOURNAL_CHOICES: i64 = 26;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: String,
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub ends_at: Option<String>,
    /// As the clinic names it, e.g. "Anxiety skills group — week 3"; may be empty.
    pub title: String,
    pub cancelled: bool,
    /// Entered by the member (a series in Sessions), not synced.
    pub hand_entered: bool,
    /// An http(s) link to join by video, when one is known.
    pub video_link: Option<String>,
}

pub struct Sessions<'a> {
    db: &'a Database,
}

impl<'a> Sessions<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }

    /// Stores the server's version of a session; returns whether anything
    /// changed. A session the clinic entered in error is removed.
    pub async fn upsert(&self, appointment: &Appointment, resource: &Value) -> Result<bool> {
        let starts = appointment.start.as_deref().and_then(instant);
        if appointment.status == "entered-in-error" || starts.is_none() {
            let gone = sqlx::query("DELETE FROM sessions WHERE id = ?")
                .bind(&appointment.id)
                .execute(self.db.pool())
                .await?;
            return Ok(gone.rows_affected() > 0);
        }
        let done = sqlx::query(
            "INSERT INTO sessions (id, version_id, starts_at, ends_at, status, title, resource, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET version_id = excluded.version_id,
                starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                status = excluded.status, title = excluded.title,
                resource = excluded.resource, updated_at = excluded.updated_at
             WHERE sessions.version_id IS NOT excluded.version_id
                -- A server that gives no versionId: the resource itself says
                -- whether it changed (a reschedule, a cancellation).
                OR (excluded.version_id IS NULL AND sessions.resource IS NOT excluded.resource)",
        )
        .bind(&appointment.id)
        .bind(&appointment.meta.version_id)
        .bind(starts)
        .bind(appointment.end.as_deref().and_then(instant))
        .bind(&appointment.status)
        .bind(appointment.description.as_deref().unwrap_or("").trim())
        .bind(resource.to_string())
        .bind(appointment.meta.last_updated.as_deref().unwrap_or(""))
        .execute(self.db.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Sessions an entry written now may be about: those that have begun
    /// (or begin today), newest first, plus `linked` wherever it falls.
    pub async fn for_journal(
        &self,
        now: DateTime<Utc>,
        linked: Option<&str>,
    ) -> Result<Vec<Session>> {
        let rows = sqlx::query(
            "SELECT id, starts_at, ends_at, status, title, resource FROM sessions
             WHERE starts_at <= ?1 OR id = ?2
             ORDER BY starts_at DESC LIMIT ?3",
        )
        .bind(stamp(now + Duration::hours(18)))
        .bind(linked)
        .bind(JOURNAL_CHOICES + 1)
        .fetch_all(self.db.pool())
        .await?;
        Ok(rows.into_iter().map(session).collect())
    }

    /// Every session, soonest first.
    pub async fn all(&self) -> Result<Vec<Session>> {
        let rows = sqlx::query(
            "SELECT id, starts_at, ends_at, status, title, resource FROM sessions ORDER BY starts_at",
        )
        .fetch_all(self.db.pool())
        .await?;
        Ok(rows.into_iter().map(session).collect())
    }

    /// Forgets every session: another clinic or record signed in.
    pub async fn clear(&self) -> Result<()> {
        sqlx::query("DELETE FROM sessions")
            .execute(self.db.pool())
            .await?;
        Ok(())
    }

    /// Removes every session not in `ids` (the clinic deleted them).
    pub async fn keep_only(&self, ids: &std::collections::HashSet<String>) -> Result<usize> {
        let held: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions")
            .fetch_all(self.db.pool())
            .await?;
        let mut gone = 0;
        for id in held.iter().filter(|id| !ids.contains(*id)) {
            sqlx::query("DELETE FROM sessions WHERE id = ?")
                .bind(id)
                .execute(self.db.pool())
                .await?;
            gone += 1;
        }
        Ok(gone)
    }

    pub async fn count(&self) -> Result<u32> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
            .fetch_one(self.db.pool())
            .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The stored resource exactly as the server sent it.
    pub async fn resource(&self, id: &str) -> Result<Option<Value>> {
        let text: Option<String> = sqlx::query_scalar("SELECT resource FROM sessions WHERE id = ?")
            .bind(id)
            .fetch_optional(self.db.pool())
            .await?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }
}

fn session(row: sqlx::sqlite::SqliteRow) -> Session {
    Session {
        id: row.get("id"),
        starts_at: row.get("starts_at"),
        ends_at: row.get("ends_at"),
        title: row.get("title"),
        cancelled: row.get::<String, _>("status") == "cancelled",
        hand_entered: false,
        video_link: serde_json::from_str::<Value>(row.get("resource"))
            .ok()
            .as_ref()
            .and_then(video_link),
    }
}

/// The session's video room: R5's `virtualService.addressUrl` where a
/// server already sends it, else an extension for it (its URL names video
/// or a virtual service) holding an https `valueUrl`/`valueUri`. Only
/// https is taken; opening it goes through the app's link rules as well.
pub fn video_link(appointment: &Value) -> Option<String> {
    let virtual_service = appointment["virtualService"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["addressUrl"].as_str());
    let extensions = appointment["extension"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| {
            let url = e["url"].as_str().unwrap_or_default().to_ascii_lowercase();
            url.contains("video") || url.contains("virtual")
        })
        .filter_map(|e| e["valueUrl"].as_str().or_else(|| e["valueUri"].as_str()));
    virtual_service
        .chain(extensions)
        .find(|link| {
            url::Url::parse(link).is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some())
        })
        .map(str::to_owned)
}

/// A FHIR instant (always with an offset) as the app's UTC stamp.
fn instant(text: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| stamp(t.with_timezone(&Utc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server that omits `meta.versionId` still gets its reschedules and
    /// cancellations stored; the same answer again changes nothing.
    #[tokio::test]
    async fn changes_without_a_version_id_are_stored() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("t.db"), &[5; 32], true)
            .await
            .unwrap();
        let sessions = Sessions::new(&db);
        let booked = serde_json::json!({"resourceType": "Appointment", "id": "a1",
            "status": "booked", "start": "2026-12-08T23:00:00Z", "end": "2026-12-09T00:30:00Z"});
        let read = |v: &Value| serde_json::from_value::<Appointment>(v.clone()).unwrap();
        assert!(sessions.upsert(&read(&booked), &booked).await.unwrap());
        assert!(!sessions.upsert(&read(&booked), &booked).await.unwrap());
        let mut cancelled = booked.clone();
        cancelled["status"] = serde_json::json!("cancelled");
        assert!(sessions
            .upsert(&read(&cancelled), &cancelled)
            .await
            .unwrap());
        assert!(sessions.all().await.unwrap()[0].cancelled);
        db.close().await;
    }

    #[test]
    fn instants_become_utc_stamps() {
        assert_eq!(
            instant("2026-11-24T18:00:00-05:00").as_deref(),
            Some("2026-11-24T23:00:00.000Z")
        );
        assert_eq!(instant("2026-11-24"), None);
    }

    #[test]
    fn the_video_room_is_an_https_link_the_appointment_names() {
        let extension = serde_json::json!({"extension": [
            {"url": "https://clinic.example/fhir/StructureDefinition/colour", "valueUrl": "https://x.example/a"},
            {"url": "https://clinic.example/fhir/StructureDefinition/video-link", "valueUrl": "https://video.example/room"}]});
        assert_eq!(
            video_link(&extension).as_deref(),
            Some("https://video.example/room")
        );
        let r5 = serde_json::json!({"virtualService": [{"addressUrl": "https://meet.example/r"}]});
        assert_eq!(video_link(&r5).as_deref(), Some("https://meet.example/r"));
        let unsafe_links = serde_json::json!({"extension": [
            {"url": "https://c/video", "valueUrl": "javascript:alert(1)"},
            {"url": "https://c/video", "valueUri": "http://video.example/room"}]});
        assert_eq!(video_link(&unsafe_links), None);
        assert_eq!(video_link(&serde_json::json!({})), None);
    }
}
