//! The one rule for turning a local wall time into an instant, used by every
//! reminder and every hand-entered session:
//! - a time the clocks jump over (02:30 on a spring-forward night) is taken
//!   as that many minutes after the jump, as if the clock had not been
//!   changed yet: 02:30 becomes 03:30 (02:15 becomes 02:45 on Lord Howe's
//!   half-hour shift);
//! - a time that happens twice (01:30 on a fall-back night) is the first.
//!
//! Each occurrence is worked out once from its local date, so neither case
//! fires twice or is skipped.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant `local` names in `zone`, by the rule above.
pub fn resolve(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    if let Some(t) = zone.from_local_datetime(&local).earliest() {
        return t.with_timezone(&Utc);
    }
    // In a gap: use the offset in force just before it. Gaps are at most a
    // day long (Samoa skipped 2011-12-30), so stepping back by hours finds it.
    for hours in 1..=48 {
        if let Some(before) = zone
            .from_local_datetime(&(local - Duration::hours(hours)))
            .earliest()
        {
            let offset = before.offset().fix();
            return Utc.from_utc_datetime(&(local - offset));
        }
    }
    Utc.from_utc_datetime(&local)
}

/// `time` on `date` in `zone`.
pub fn on(zone: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    resolve(zone, date.and_time(time))
}

/// What "`days` days before" an instant means: the same wall time that many
/// calendar days earlier on the member's clock — not `days` × 24 hours, which
/// across a DST change would be an hour off the time the member expects.
pub fn days_before(zone: Tz, t: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let local = t.with_timezone(&zone).naive_local();
    resolve(zone, local - Duration::days(i64::from(days)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Australia, Europe};

    fn local(zone: Tz, t: DateTime<Utc>) -> String {
        t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
    }

    fn at(date: &str, time: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_time_the_clocks_skip_comes_just_as_late_after_the_jump() {
        let t = resolve(America::New_York, at("2026-03-08", "02:30"));
        assert_eq!(local(America::New_York, t), "2026-03-08 03:30");
        let t = resolve(Australia::Lord_Howe, at("2026-10-04", "02:15"));
        assert_eq!(local(Australia::Lord_Howe, t), "2026-10-04 02:45");
    }

    #[test]
    fn a_time_that_happens_twice_is_the_first() {
        let t = resolve(Europe::London, at("2026-10-25", "01:30"));
        assert_eq!(t.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn a_day_before_is_the_same_wall_time_across_a_dst_change() {
        // Monday after Europe's spring change, 18:00 Madrid (16:00 UTC).
        let session = Utc.with_ymd_and_hms(2026, 3, 30, 16, 0, 0).unwrap();
        let before = days_before(Europe::Madrid, session, 1);
        assert_eq!(local(Europe::Madrid, before), "2026-03-29 18:00");
        assert_eq!(session - before, Duration::hours(24));
        let before = days_before(Europe::Madrid, session, 2);
        assert_eq!(local(Europe::Madrid, before), "2026-03-28 18:00");
        assert_eq!(session - before, Duration::hours(47));
    }
}
