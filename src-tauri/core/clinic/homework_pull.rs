//! The clinic's Tasks for the member, as Practice's homework: a search for
//! the Tasks about the member (following `next` links), each taken in by
//! `Practice::take_clinic_task`. A Task names an exercise of the library by
//! `focus.identifier` in the `EXERCISE_SYSTEM`; its due date is
//! `restriction.period.end`, else `executionPeriod.end`, on the member's
//! clock.

use super::fhir::Bundle;
use super::reads::{Reads, Search};
use super::{ClinicError, LedgerAction, Result};
use crate::practice::{ClinicTask, Practice, TaskStatus};
use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde_json::Value;

/// The identifier system of the app's exercise ids.
pub const EXERCISE_SYSTEM: &str = "urn:alongside:exercise";
const MAX_PAGES: usize = 50;

pub fn search(reads: &Reads<'_>) -> Result<Search> {
    let patient = format!("Patient/{}", reads.signed_in.patient);
    reads.search(
        LedgerAction::ReadHomework,
        "Task",
        &[("patient", &patient), ("_count", "100")],
    )
}

/// Takes the Tasks search from its first page on; returns how many
/// homework rows changed.
pub async fn pull(reads: &Reads<'_>, first: Bundle, zone: Tz) -> Result<usize> {
    let (db, now) = (reads.db, reads.now);
    let practice = Practice::new(db);
    // What the member checked off and the clinic has not heard yet stays.
    let held = super::Outbox::new(db).homework_held().await?;
    let mut changed = 0;
    // Every Task id the clinic listed, read as homework or not; a Task
    // with no readable id means the list cannot say what was deleted.
    let (mut seen, mut unreadable) = (std::collections::HashSet::new(), false);
    let mut bundle = first;
    for _ in 0..MAX_PAGES {
        reads.next_url(&bundle)?;
        let tasks = bundle.entry.iter().filter_map(|e| e.resource.as_ref());
        for resource in tasks.filter(|t| t["resourceType"] == "Task") {
            let Some(id) = resource["id"].as_str() else {
                unreadable = true;
                continue;
            };
            // Made a draft again or entered in error, the Task is no longer
            // homework: it goes, as one the clinic deleted would. (A status
            // that cannot be read at all is not a withdrawal.)
            let withdrawn = resource["status"]
                .as_str()
                .is_some_and(|s| status_of(s).is_none());
            if !withdrawn {
                seen.insert(id.to_owned());
            }
            let Some(task) = task_of(resource, zone) else {
                continue;
            };
            let keep_status = held.contains(&task.id);
            if practice
                .take_clinic_task(&task, keep_status, zone, now)
                .await?
            {
                changed += 1;
            }
        }
        match reads.next(LedgerAction::ReadHomework, &bundle).await? {
            // Every Task was listed: what the clinic no longer has goes.
            None if !unreadable => return Ok(changed + practice.keep_clinic_tasks(&seen).await?),
            None => return Ok(changed),
            Some(next) => bundle = next,
        }
    }
    Err(ClinicError::Malformed)
}

/// FHIR's twelve Task states in homework's five; drafts and mistakes are
/// not homework.
fn status_of(status: &str) -> Option<TaskStatus> {
    Some(match status {
        "requested" | "received" | "ready" => TaskStatus::Requested,
        "accepted" => TaskStatus::Accepted,
        "in-progress" | "on-hold" => TaskStatus::InProgress,
        "completed" => TaskStatus::Completed,
        "cancelled" | "rejected" | "failed" => TaskStatus::Cancelled,
        _ => return None,
    })
}

fn task_of(task: &Value, zone: Tz) -> Option<ClinicTask> {
    if task["resourceType"] != "Task" {
        return None;
    }
    let id = task["id"].as_str()?.to_owned();
    let status = status_of(task["status"].as_str()?)?;
    let description = task["description"]
        .as_str()
        .or_else(|| task.pointer("/code/text").and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned();
    let due = ["/restriction/period/end", "/executionPeriod/end"]
        .iter()
        .find_map(|p| task.pointer(p).and_then(Value::as_str))
        .and_then(|end| day_of(end, zone));
    let exercise = task
        .pointer("/focus/identifier")
        .filter(|i| i["system"] == EXERCISE_SYSTEM)
        .and_then(|i| i["value"].as_str())
        .map(str::to_owned);
    Some(ClinicTask {
        id,
        status,
        description,
        due,
        exercise,
    })
}

/// A FHIR dateTime (or date) as the day it falls on in `zone`.
fn day_of(value: &str, zone: Tz) -> Option<NaiveDate> {
    match DateTime::parse_from_rfc3339(value) {
        Ok(at) => Some(at.with_timezone(&zone).date_naive()),
        Err(_) => value.get(..10)?.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_task_reads_as_homework_on_the_members_clock() {
        let task = json!({"resourceType": "Task", "id": "t1", "status": "ready",
            "description": "Practise box breathing twice a day",
            "focus": {"identifier": {"system": EXERCISE_SYSTEM, "value": "box-breathing"}},
            "executionPeriod": {"end": "2026-12-08T22:30:00-05:00"}});
        let read = task_of(&task, Tz::Europe__Madrid).unwrap();
        assert_eq!(read.status, TaskStatus::Requested);
        assert_eq!(read.exercise.as_deref(), Some("box-breathing"));
        // 22:30 in New York is already the 9th in Madrid.
        assert_eq!(read.due, NaiveDate::from_ymd_opt(2026, 12, 9));
        assert_eq!(
            task_of(&task, Tz::America__New_York).unwrap().due,
            NaiveDate::from_ymd_opt(2026, 12, 8)
        );
    }

    #[test]
    fn drafts_other_systems_and_other_resources_are_not_homework() {
        let draft = json!({"resourceType": "Task", "id": "t1", "status": "draft"});
        assert_eq!(task_of(&draft, Tz::UTC), None);
        let other = json!({"resourceType": "Task", "id": "t2", "status": "requested",
            "code": {"text": "Homework"},
            "focus": {"identifier": {"system": "https://elsewhere", "value": "box-breathing"}},
            "restriction": {"period": {"end": "2026-12-10"}}});
        let read = task_of(&other, Tz::UTC).unwrap();
        assert_eq!(
            (read.exercise, read.description.as_str()),
            (None, "Homework")
        );
        assert_eq!(read.due, NaiveDate::from_ymd_opt(2026, 12, 10));
        assert_eq!(
            task_of(&json!({"resourceType": "Patient", "id": "p"}), Tz::UTC),
            None
        );
    }

    mod fuzz {
        use super::*;
        use crate::clinic::fuzz::{config, shaped, word};
        use proptest::prelude::*;
        use proptest::sample::select;

        const TASK: &[&str] = &[
            "/id",
            "/status#w:requested|received|ready|accepted|in-progress|on-hold|completed|cancelled|rejected|failed|draft|entered-in-error",
            "/description",
            "/code/text",
            "/restriction/period/end#w:2026-12-08T22:30:00-05:00|2026-12-10|2026-02-30|2026-1|9999-12-31T23:59:59-23:59|0000-01-01T00:00:00+23:59|日本語日本語",
            "/executionPeriod/end#w:2026-12-08T22:30:00-05:00|2026-12-10|2026-12-10T00:00:00.5Z",
            "/focus/identifier/system#w:urn:alongside:exercise|https://elsewhere",
            "/focus/identifier/value#w:box-breathing|no-such-exercise|",
        ];

        fn zone() -> impl Strategy<Value = Tz> {
            select(
                &[
                    Tz::UTC,
                    Tz::Europe__Madrid,
                    Tz::America__New_York,
                    Tz::Pacific__Kiritimati,
                    Tz::Pacific__Pago_Pago,
                    Tz::Asia__Kathmandu,
                ][..],
            )
        }

        proptest! {
            #![proptest_config(config())]

            /// A Task as homework: only a Task with a plain-string id and a
            /// status homework knows, its exercise only from the app's system.
            #[test]
            fn a_task_of_any_shape(task in shaped(&["Task"], TASK), zone in zone(), end in word()) {
                let _ = day_of(&end, zone);
                let Some(read) = task_of(&task, zone) else {
                    return Ok(());
                };
                prop_assert_eq!(&task["resourceType"], "Task");
                prop_assert_eq!(&task["id"], &json!(read.id));
                prop_assert!(status_of(task["status"].as_str().unwrap_or_default()).is_some());
                if let Some(exercise) = &read.exercise {
                    prop_assert_eq!(&task["focus"]["identifier"]["system"], EXERCISE_SYSTEM);
                    prop_assert_eq!(&task["focus"]["identifier"]["value"], &json!(exercise));
                }
            }
        }
    }
}
