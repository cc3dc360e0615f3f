//! Group sessions the member enters by hand, for a group the clinic does not
//! list or a clinic that is not connected: one weekly series each, held at a
//! wall time in the zone the group meets in.

use super::wall_time;
use super::ReminderError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest series: ten years of weekly sessions.
pub const MAX_WEEKS: u32 = 520;
pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_SKIPPED: usize = 520;

/// A weekly series as the member describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesDraft {
    pub title: String,
    /// The first session's date; the series meets on this weekday.
    #[ts(type = "string")]
    pub first_date: NaiveDate,
    /// "18:00".
    #[ts(type = "string")]
    pub time: NaiveTime,
    /// IANA zone the group meets in, e.g. "America/New_York".
    pub zone: String,
    /// How many weeks; none means open-ended.
    pub weeks: Option<u32>,
    pub video_link: Option<String>,
    /// Dates (in the group's zone) with no session.
    #[ts(type = "string[]")]
    pub skipped: Vec<NaiveDate>,
    /// Its reminders may come during quiet hours.
    pub allowed_in_quiet_hours: bool,
}

/// A saved series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    pub id: String,
    #[serde(flatten)]
    pub draft: SeriesDraft,
}

/// Which field of the form is wrong, so the form can say so beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SeriesField {
    Title,
    Zone,
    Weeks,
    VideoLink,
    Skipped,
}

impl SeriesDraft {
    /// Checks the draft and gives the zone it names.
    pub fn validate(&self) -> Result<Tz, ReminderError> {
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
            return Err(ReminderError::InvalidSeries(SeriesField::Title));
        }
        let zone = parse_zone(&self.zone).ok_or(ReminderError::InvalidSeries(SeriesField::Zone))?;
        if matches!(self.weeks, Some(w) if w == 0 || w > MAX_WEEKS) {
            return Err(ReminderError::InvalidSeries(SeriesField::Weeks));
        }
        if let Some(link) = &self.video_link {
            if !link.trim().is_empty() && !is_web_link(link.trim()) {
                return Err(ReminderError::InvalidSeries(SeriesField::VideoLink));
            }
        }
        if self.skipped.len() > MAX_SKIPPED {
            return Err(ReminderError::InvalidSeries(SeriesField::Skipped));
        }
        Ok(zone)
    }

    pub fn weekday(&self) -> Weekday {
        self.first_date.weekday()
    }
}

/// An IANA zone name; "UTC" is allowed, abbreviations like "EST" are not
/// (they name no place and so no DST rules).
pub fn parse_zone(name: &str) -> Option<Tz> {
    let name = name.trim();
    if name.is_empty() || (!name.contains('/') && name != "UTC") {
        return None;
    }
    name.parse().ok()
}

/// Only http and https open in the browser.
pub fn is_web_link(link: &str) -> bool {
    url::Url::parse(link)
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .unwrap_or(false)
}

impl Series {
    /// Session starts in `[from, to)`, oldest first.
    pub fn starts_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let Ok(zone) = self.draft.validate() else {
            return Vec::new();
        };
        let d = &self.draft;
        // Work in local dates a little either side, so no zone offset can
        // move an occurrence out of view.
        let from_date = from.with_timezone(&zone).date_naive() - Duration::days(2);
        let first_week = if from_date > d.first_date {
            (from_date - d.first_date).num_days() / 7
        } else {
            0
        };
        let mut out = Vec::new();
        let mut week = first_week;
        loop {
            if matches!(d.weeks, Some(n) if week >= i64::from(n)) {
                break;
            }
            let date = d.first_date + Duration::weeks(week);
            week += 1;
            if d.skipped.contains(&date) {
                continue;
            }
            let start = wall_time::on(zone, date, d.time);
            if start >= to {
                break;
            }
            if start >= from {
                out.push(start);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn draft(zone: &str, first: NaiveDate, time: NaiveTime, weeks: Option<u32>) -> SeriesDraft {
        SeriesDraft {
            title: "Skills group".into(),
            first_date: first,
            time,
            zone: zone.into(),
            weeks,
            video_link: None,
            skipped: Vec::new(),
            allowed_in_quiet_hours: false,
        }
    }

    fn series(d: SeriesDraft) -> Series {
        Series {
            id: "s".into(),
            draft: d,
        }
    }

    const ZONES: &[&str] = &[
        "America/New_York",
        "Europe/London",
        "Europe/Madrid",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "America/Sao_Paulo",
        "Pacific/Chatham",
        "America/Santiago",
        "Africa/Casablanca",
        "Pacific/Apia",
        "UTC",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Over twenty years in every zone, each week of a series gives one
        /// session, on its local date, at its wall time or by the one rule.
        #[test]
        fn every_week_lands_once_on_its_wall_time(
            zone_at in 0..ZONES.len(),
            day in 0i64..(20 * 365),
            minutes in 0u32..(24 * 60),
            weeks in 1u32..=MAX_WEEKS,
        ) {
            let zone_name = ZONES[zone_at];
            let zone: Tz = zone_name.parse().unwrap();
            let first = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(day);
            let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap();
            let s = series(draft(zone_name, first, time, Some(weeks)));
            let from = Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0).unwrap();
            let to = Utc.with_ymd_and_hms(2052, 1, 1, 0, 0, 0).unwrap();
            let starts = s.starts_between(from, to);
            prop_assert_eq!(starts.len(), weeks as usize);
            for (week, start) in starts.iter().enumerate() {
                let intended = (first + Duration::weeks(week as i64)).and_time(time);
                let shown = start.with_timezone(&zone).naive_local();
                let single = zone.from_local_datetime(&intended);
                match single {
                    chrono::LocalResult::Single(_) => prop_assert_eq!(shown, intended),
                    // Twice: the first of the two.
                    chrono::LocalResult::Ambiguous(..) => {
                        prop_assert_eq!(Some(*start), single.earliest().map(|t| t.with_timezone(&Utc)))
                    }
                    // Skipped: later than intended by the gap, still after it.
                    chrono::LocalResult::None => {
                        prop_assert!(shown > intended, "{shown} !> {intended}");
                        prop_assert!(shown - intended <= Duration::hours(24));
                    }
                }
            }
            prop_assert!(starts.windows(2).all(|w| w[0] < w[1]));
        }

        /// Any window of the series gives the same sessions as the whole.
        #[test]
        fn a_window_sees_what_the_whole_series_holds(
            zone_at in 0..ZONES.len(),
            offset_days in 0i64..400,
            span_days in 1i64..60,
        ) {
            let first = NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
            let time = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
            let s = series(draft(ZONES[zone_at], first, time, Some(60)));
            let all = s.starts_between(
                Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(),
            );
            let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::days(offset_days);
            let to = from + Duration::days(span_days);
            let window = s.starts_between(from, to);
            let expected: Vec<_> = all.into_iter().filter(|t| *t >= from && *t < to).collect();
            prop_assert_eq!(window, expected);
        }
    }

    #[test]
    fn skipped_dates_and_open_ended_series() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut d = draft(
            "America/New_York",
            first,
            NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            None,
        );
        d.skipped = vec![NaiveDate::from_ymd_opt(2026, 12, 22).unwrap()];
        let s = series(d);
        let from = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let starts = s.starts_between(from, from + Duration::days(35));
        let shown: Vec<_> = starts
            .iter()
            .map(|t| {
                t.with_timezone(&chrono_tz::America::New_York)
                    .format("%m-%d %H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(
            shown,
            ["12-01 18:00", "12-08 18:00", "12-15 18:00", "12-29 18:00"]
        );
    }

    #[test]
    fn bad_drafts_say_which_field() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let time = NaiveTime::from_hms_opt(18, 0, 0).unwrap();
        let field = |d: SeriesDraft| match d.validate() {
            Err(ReminderError::InvalidSeries(f)) => Some(f),
            _ => None,
        };
        for zone in ["", "EST", "Mars/Olympus", "america/new york"] {
            assert_eq!(
                field(draft(zone, first, time, None)),
                Some(SeriesField::Zone),
                "{zone}"
            );
        }
        for weeks in [0, 10_000] {
            let d = draft("Europe/Madrid", first, time, Some(weeks));
            assert_eq!(field(d), Some(SeriesField::Weeks));
        }
        let mut d = draft("Europe/Madrid", first, time, Some(8));
        d.video_link = Some("javascript:alert(1)".into());
        assert_eq!(field(d.clone()), Some(SeriesField::VideoLink));
        d.video_link = Some("https://video.example/room".into());
        assert_eq!(field(d.clone()), None);
        d.title = "  ".into();
        assert_eq!(field(d), Some(SeriesField::Title));
    }
}
