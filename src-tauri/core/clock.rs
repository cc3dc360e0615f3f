//! Time comes from an injected `Clock` so reminders, auto-lock and anything
//! date-based can be tested at a chosen instant and in a chosen zone instead
//! of "now, here". The helpers below are the one place instants are written
//! down and turned into the member's days.

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// The member's time zone right now. Asked on every use, so a zone
    /// change on the desktop applies without a restart.
    fn zone(&self) -> Tz;
}

/// The app holds its clock shared; a service borrows it as `&dyn Clock`.
impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
    fn zone(&self) -> Tz {
        (**self).zone()
    }
}

/// Instants are stored as RFC 3339 UTC with milliseconds, which sort as text.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The calendar day in `zone` at `t`.
pub fn local_day(zone: Tz, t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&zone).date_naive()
}

/// Midnight at the start of `date` in `zone`, as UTC.
pub fn start_of_day(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    zone.from_local_datetime(&midnight)
        .earliest()
        // A zone that skips midnight (DST at 00:00): the day starts an hour later.
        .or_else(|| {
            zone.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

/// The desktop's time zone, or UTC when it cannot be told.
pub fn system_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// The wall clock. Compared on every scheduler tick because monotonic sleeps
/// do not advance while the machine is suspended.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn zone(&self) -> Tz {
        system_zone()
    }
}

/// Debug builds only: the wall clock moved by the number of seconds written
/// in a file, so the end-to-end suite can bring a reminder due without
/// waiting for it. Release builds contain no way to move their clock.
#[cfg(debug_assertions)]
#[derive(Debug)]
pub struct ShiftedClock {
    file: std::path::PathBuf,
}

#[cfg(debug_assertions)]
impl ShiftedClock {
    pub fn new(file: std::path::PathBuf) -> Self {
        Self { file }
    }
}

#[cfg(debug_assertions)]
impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        let shift = std::fs::read_to_string(&self.file)
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or(0);
        Utc::now() + chrono::Duration::seconds(shift)
    }

    fn zone(&self) -> Tz {
        system_zone()
    }
}

/// A clock that only moves when told to; for tests.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
    zone: Mutex<Tz>,
}

impl ManualClock {
    /// A clock in UTC.
    pub fn new(start: DateTime<Utc>) -> Self {
        Self::in_zone(start, Tz::UTC)
    }

    pub fn in_zone(start: DateTime<Utc>, zone: Tz) -> Self {
        Self {
            now: Mutex::new(start),
            zone: Mutex::new(zone),
        }
    }

    /// The member travels, or changes the desktop's zone.
    pub fn set_zone(&self, zone: Tz) {
        *self.zone.lock().unwrap_or_else(|p| p.into_inner()) = zone;
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(|p| p.into_inner()) = to;
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn zone(&self) -> Tz {
        *self.zone.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let start = Utc.with_ymd_and_hms(2026, 3, 8, 6, 59, 0).unwrap();
        let clock = ManualClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(chrono::Duration::minutes(2));
        assert_eq!(clock.now(), start + chrono::Duration::minutes(2));
    }

    #[test]
    fn the_local_day_follows_a_zone_change() {
        let t = Utc.with_ymd_and_hms(2026, 3, 8, 23, 30, 0).unwrap();
        let clock = ManualClock::in_zone(t, chrono_tz::Europe::London);
        assert_eq!(local_day(clock.zone(), t).to_string(), "2026-03-08");
        clock.set_zone(chrono_tz::Asia::Tokyo);
        assert_eq!(local_day(clock.zone(), t).to_string(), "2026-03-09");
    }

    #[test]
    fn a_day_that_skips_midnight_starts_at_one() {
        // Santiago moved its clocks from 00:00 to 01:00 on 2022-09-11.
        let zone = chrono_tz::America::Santiago;
        let day = NaiveDate::from_ymd_opt(2022, 9, 11).unwrap();
        let start = start_of_day(zone, day).with_timezone(&zone);
        assert_eq!(start.format("%H:%M").to_string(), "01:00");
    }

    #[test]
    fn system_clock_is_close_to_now() {
        let drift = (SystemClock.now() - Utc::now()).num_seconds().abs();
        assert!(drift < 5);
    }
}
