//! jrnl's JSON export (`jrnl --export json`, jrnl 2.x–4.x):
//! `{"tags": {"@work": 2}, "entries": [{"title", "body", "date", "time",
//! "tags", "starred"}]}`. Times are local with no zone, so the member's zone
//! decides the instant.

use super::{finish, source_id, tags, Draft, ImportedEntry, SkipReason};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::Value;

/// jrnl always writes a time; entries edited by hand may not have one.
const DEFAULT_HOUR: u32 = 9;

pub(super) fn entry(value: &Value, zone: Tz) -> Result<ImportedEntry, SkipReason> {
    let created_at = created_at(value, zone).ok_or(SkipReason::BadDate)?;
    let text = |key| value.get(key).and_then(Value::as_str).unwrap_or("").trim();
    // jrnl splits off the first sentence as the title; a one-sentence entry
    // reads better in the journal as a body without a title.
    let (title, body) = match (text("title"), text("body")) {
        (title, "") => ("", title),
        pair => pair,
    };
    finish(Draft {
        title: title.to_owned(),
        body: body.to_owned(),
        tags: tags(value.get("tags")),
        created_at,
        updated_at: created_at,
        source_id: source_id(value.get("uuid")),
    })
}

/// `date` is required; `time` may be missing or null (09:00) but a time
/// that is there must be readable.
fn created_at(value: &Value, zone: Tz) -> Option<DateTime<Utc>> {
    let date = value.get("date")?.as_str()?.trim();
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let time = match value.get("time") {
        None | Some(Value::Null) => NaiveTime::from_hms_opt(DEFAULT_HOUR, 0, 0)?,
        Some(time) => {
            let time = time.as_str()?.trim();
            NaiveTime::parse_from_str(time, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M:%S"))
                .ok()?
        }
    };
    to_utc(date.and_time(time), zone)
}

/// A time the clocks passed twice (autumn) is taken the first time; one
/// they skipped (spring) is moved an hour later, as a wall clock would.
fn to_utc(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    let at = zone.from_local_datetime(&local).earliest().or_else(|| {
        let later = local.checked_add_signed(TimeDelta::hours(1))?;
        zone.from_local_datetime(&later).earliest()
    })?;
    Some(at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::super::{parse, ImportFormat, Parsed, Skipped};
    use super::*;
    use chrono_tz::America::Mexico_City;
    use chrono_tz::Europe::Madrid;

    /// As `jrnl --export json` writes it, with a few entries broken by hand.
    const SAMPLE: &str = r#"{
      "tags": {"@trabajo": 2, "@familia": 1},
      "entries": [
        {
          "title": "Día de campo en Xochimilco.",
          "body": "Comimos tamales y la tarde pasó tranquila. ¡Qué alegría!",
          "date": "2021-07-01",
          "time": "18:30",
          "tags": [],
          "starred": false
        },
        {
          "title": "Reunión difícil en el @trabajo.",
          "body": "Hablé con mi jefa sobre los plazos.\n\nLa @familia me apoyó.",
          "date": "2021-07-02",
          "time": "08:05",
          "tags": ["@trabajo", "@familia", "@Trabajo"],
          "starred": false
        },
        {
          "title": "Slept well for once.",
          "body": "",
          "date": "2023-07-01",
          "tags": [],
          "starred": true
        },
        {
          "title": "No date here.",
          "body": "Lost.",
          "time": "10:00",
          "tags": [],
          "starred": false
        },
        {
          "title": "  ",
          "body": "\n",
          "date": "2021-07-03",
          "time": "10:00",
          "tags": [],
          "starred": false
        },
        {
          "title": "Bad time.",
          "body": "",
          "date": "2021-07-04",
          "time": "25:99",
          "tags": [],
          "starred": false
        },
        {
          "title": "Synced from Day One.",
          "body": "Still here.",
          "date": "2021-07-05",
          "time": "07:00",
          "tags": "@wrong",
          "starred": false,
          "uuid": "4F1A2B3C4D5E6F708192A3B4C5D6E7F8",
          "creator": {"device_agent": "iPhone", "generation_date": "2021-07-05T12:00:00Z"}
        },
        {
          "title": 42,
          "body": ["not", "text"],
          "date": "2021-07-06",
          "time": "10:00"
        }
      ]
    }"#;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("test date")
    }

    fn parsed(file: &str, zone: Tz) -> Parsed {
        parse(file.as_bytes(), zone).expect("a jrnl export")
    }

    #[test]
    fn sample_in_mexico_city() {
        let parsed = parsed(SAMPLE, Mexico_City);
        assert_eq!(parsed.format, ImportFormat::Jrnl);
        let e = &parsed.entries;
        assert_eq!(e.len(), 4);

        assert_eq!(e[0].title, "Día de campo en Xochimilco.");
        assert_eq!(
            e[0].body,
            "Comimos tamales y la tarde pasó tranquila. ¡Qué alegría!"
        );
        assert!(e[0].tags.is_empty());
        // Daylight saving time (UTC-5) was still observed in 2021.
        assert_eq!(e[0].created_at, at("2021-07-01T23:30:00Z"));
        assert_eq!(e[0].updated_at, e[0].created_at);
        assert_eq!(e[0].source_id, None);

        assert_eq!(e[1].title, "Reunión difícil en el @trabajo.");
        assert_eq!(
            e[1].body,
            "Hablé con mi jefa sobre los plazos.\n\nLa @familia me apoyó."
        );
        assert_eq!(e[1].tags, ["trabajo", "familia"]);
        assert_eq!(e[1].created_at, at("2021-07-02T13:05:00Z"));
        assert_eq!(e[1].updated_at, e[1].created_at);
        assert_eq!(e[1].source_id, None);

        // Starred, title only, no time: the sentence becomes the body, at
        // 09:00 local; Mexico dropped daylight saving time in 2022 (UTC-6).
        assert_eq!(e[2].title, "");
        assert_eq!(e[2].body, "Slept well for once.");
        assert!(e[2].tags.is_empty());
        assert_eq!(e[2].created_at, at("2023-07-01T15:00:00Z"));
        assert_eq!(e[2].updated_at, e[2].created_at);
        assert_eq!(e[2].source_id, None);

        assert_eq!(e[3].title, "Synced from Day One.");
        assert_eq!(e[3].body, "Still here.");
        assert!(e[3].tags.is_empty());
        assert_eq!(e[3].created_at, at("2021-07-05T12:00:00Z"));
        assert_eq!(e[3].updated_at, e[3].created_at);
        assert_eq!(
            e[3].source_id.as_deref(),
            Some("4F1A2B3C4D5E6F708192A3B4C5D6E7F8")
        );

        let skipped = |index, reason| Skipped { index, reason };
        assert_eq!(
            parsed.skipped,
            [
                skipped(3, SkipReason::BadDate),
                skipped(4, SkipReason::Empty),
                skipped(5, SkipReason::BadDate),
                skipped(7, SkipReason::Empty),
            ]
        );
    }

    #[test]
    fn madrid_across_daylight_saving_changes() {
        let file = r#"{"tags": {}, "entries": [
          {"title": "Before spring.", "body": "a", "date": "2021-03-27", "time": "10:00"},
          {"title": "Skipped hour.", "body": "b", "date": "2021-03-28", "time": "02:30"},
          {"title": "After spring.", "body": "c", "date": "2021-03-28", "time": "10:00"},
          {"title": "Twice hour.", "body": "d", "date": "2021-10-31", "time": "02:30"},
          {"title": "After autumn.", "body": "e", "date": "2021-10-31", "time": "03:30"},
          {"title": "Seconds.", "body": "f", "date": "2021-10-31", "time": "23:59:59"}
        ]}"#;
        let parsed = parsed(file, Madrid);
        let times: Vec<_> = parsed.entries.iter().map(|e| e.created_at).collect();
        assert_eq!(
            times,
            [
                at("2021-03-27T09:00:00Z"), // CET, UTC+1
                at("2021-03-28T01:30:00Z"), // 02:30 never happened: 03:30 CEST
                at("2021-03-28T08:00:00Z"), // CEST, UTC+2
                at("2021-10-31T00:30:00Z"), // 02:30 happened twice: the first
                at("2021-10-31T02:30:00Z"), // CET again
                at("2021-10-31T22:59:59Z"),
            ]
        );
        assert!(parsed.skipped.is_empty());
    }

    #[test]
    fn unreadable_dates_are_skipped() {
        let file = r#"{"tags": {}, "entries": [
          {"body": "a", "date": "2021-02-30", "time": "10:00"},
          {"body": "b", "date": 20210101, "time": "10:00"},
          {"body": "c", "date": "2021-01-01", "time": 1000},
          {"body": "d", "date": "01/02/2021"},
          {"body": "e", "date": "2021-01-01", "time": null}
        ]}"#;
        let parsed = parsed(file, Madrid);
        let reasons: Vec<_> = parsed.skipped.iter().map(|s| (s.index, s.reason)).collect();
        assert_eq!(reasons, [0, 1, 2, 3].map(|i| (i, SkipReason::BadDate)));
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].created_at, at("2021-01-01T08:00:00Z"));
    }

    #[test]
    fn title_and_body_both_kept() {
        let file = r#"{"tags": {}, "entries": [
          {"title": " Uno. ", "body": " Dos. ", "date": "2021-01-01", "time": "10:00"},
          {"title": "", "body": "Solo cuerpo.", "date": "2021-01-01", "time": "10:00"}
        ]}"#;
        let parsed = parsed(file, Madrid);
        let texts: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| (e.title.as_str(), e.body.as_str()))
            .collect();
        assert_eq!(texts, [("Uno.", "Dos."), ("", "Solo cuerpo.")]);
    }
}
