//! Journal and practice reminders: a local time on chosen weekdays, on the
//! member's clock wherever they are (the zone is asked on every tick), and
//! the quiet hours nothing but an allowed session reminder breaks.

use super::wall_time;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RoutineKind {
    Journal,
    Practice,
}

impl RoutineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Journal => "journal",
            Self::Practice => "practice",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "journal" => Some(Self::Journal),
            "practice" => Some(Self::Practice),
            _ => None,
        }
    }
}

/// One journal or practice reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Routine {
    pub id: String,
    pub kind: RoutineKind,
    #[ts(type = "string")]
    pub time: NaiveTime,
    /// Monday = 0 … Sunday = 6; empty means every day.
    pub weekdays: Vec<u8>,
    pub enabled: bool,
}

impl Routine {
    pub fn on_day(&self, date: NaiveDate) -> bool {
        self.weekdays.is_empty()
            || self
                .weekdays
                .contains(&(date.weekday().num_days_from_monday() as u8))
    }

    /// Its times in `[from, to)` on the member's clock in `zone`, with the
    /// local date each belongs to.
    pub fn times_between(
        &self,
        zone: Tz,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<(NaiveDate, DateTime<Utc>)> {
        if !self.enabled {
            return Vec::new();
        }
        let mut date = from.with_timezone(&zone).date_naive() - Duration::days(1);
        let last = to.with_timezone(&zone).date_naive() + Duration::days(1);
        let mut out = Vec::new();
        while date <= last {
            if self.on_day(date) {
                let at = wall_time::on(zone, date, self.time);
                if at >= from && at < to {
                    out.push((date, at));
                }
            }
            date += Duration::days(1);
        }
        out
    }
}

/// Weekday numbers as stored: Monday = 0.
pub fn weekday_number(day: Weekday) -> u8 {
    day.num_days_from_monday() as u8
}

/// Hours when only session reminders marked "allowed" come; the others wait
/// until the quiet hours end. `start == end` is refused by the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuietHours {
    #[ts(type = "string")]
    pub start: NaiveTime,
    #[ts(type = "string")]
    pub end: NaiveTime,
}

impl QuietHours {
    fn holds(&self, time: NaiveTime) -> bool {
        if self.start <= self.end {
            time >= self.start && time < self.end
        } else {
            // Across midnight, e.g. 22:00–08:00.
            time >= self.start || time < self.end
        }
    }

    /// When a reminder due at `t` may come: `t`, or the end of the quiet
    /// hours it falls in.
    pub fn hold_until(&self, zone: Tz, t: DateTime<Utc>) -> DateTime<Utc> {
        let local: NaiveDateTime = t.with_timezone(&zone).naive_local();
        if !self.holds(local.time()) {
            return t;
        }
        let mut end_date = local.date();
        if self.start > self.end && local.time() >= self.start {
            end_date += Duration::days(1);
        }
        wall_time::on(zone, end_date, self.end).max(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Madrid;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn weekdays_pick_the_days() {
        let r = Routine {
            id: "r".into(),
            kind: RoutineKind::Practice,
            time: hm(9, 0),
            weekdays: vec![weekday_number(Weekday::Mon), weekday_number(Weekday::Thu)],
            enabled: true,
        };
        // Monday 2026-11-30 to Monday 2026-12-07.
        let from = Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
        let times = r.times_between(Madrid, from, from + Duration::days(7));
        let days: Vec<String> = times.iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(days, ["2026-11-30", "2026-12-03"]);
        assert_eq!(times[0].1.with_timezone(&Madrid).time(), hm(9, 0));
        let off = Routine {
            enabled: false,
            ..r
        };
        assert!(off
            .times_between(Madrid, from, from + Duration::days(7))
            .is_empty());
    }

    #[test]
    fn quiet_hours_hold_a_reminder_until_they_end() {
        let quiet = QuietHours {
            start: hm(22, 0),
            end: hm(8, 0),
        };
        let at = |d: u32, h: u32, m: u32| {
            Madrid
                .with_ymd_and_hms(2026, 12, d, h, m, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(quiet.hold_until(Madrid, at(2, 23, 30)), at(3, 8, 0));
        assert_eq!(quiet.hold_until(Madrid, at(3, 6, 0)), at(3, 8, 0));
        assert_eq!(quiet.hold_until(Madrid, at(3, 8, 0)), at(3, 8, 0));
        assert_eq!(quiet.hold_until(Madrid, at(3, 21, 59)), at(3, 21, 59));
        let daytime = QuietHours {
            start: hm(13, 0),
            end: hm(15, 0),
        };
        assert_eq!(daytime.hold_until(Madrid, at(3, 14, 0)), at(3, 15, 0));
        assert_eq!(daytime.hold_until(Madrid, at(3, 12, 0)), at(3, 12, 0));
    }
}
