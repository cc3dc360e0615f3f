//! Pacing after wrong passphrases: three tries are free, then each further
//! try must wait twice as long as the last (1 s, 2 s, 4 s … up to 5 min).
//! Kept in memory only: a wrong passphrase must change no file.

use chrono::{DateTime, Duration, Utc};

const FREE_TRIES: u32 = 3;
const MAX_WAIT_SECS: i64 = 300;

#[derive(Debug, Default)]
pub struct Attempts {
    failures: u32,
    not_before: Option<DateTime<Utc>>,
}

impl Attempts {
    /// Seconds left before another try is allowed, if any.
    pub fn wait(&self, now: DateTime<Utc>) -> Option<u64> {
        let until = self.not_before?;
        let left = (until - now).num_milliseconds();
        (left > 0).then(|| ((left + 999) / 1000) as u64)
    }

    pub fn failed(&mut self, now: DateTime<Utc>) {
        self.failures += 1;
        if self.failures >= FREE_TRIES {
            let exp = (self.failures - FREE_TRIES).min(16);
            let secs = (1i64 << exp).min(MAX_WAIT_SECS);
            self.not_before = Some(now + Duration::seconds(secs));
        }
    }

    pub fn succeeded(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn waits_grow_after_three_failures_and_reset_on_success() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut a = Attempts::default();
        a.failed(t0);
        a.failed(t0);
        assert_eq!(a.wait(t0), None);
        a.failed(t0);
        assert_eq!(a.wait(t0), Some(1));
        a.failed(t0);
        assert_eq!(a.wait(t0), Some(2));
        a.failed(t0);
        assert_eq!(a.wait(t0), Some(4));
        assert_eq!(a.wait(t0 + Duration::seconds(4)), None);
        for _ in 0..30 {
            a.failed(t0);
        }
        assert_eq!(a.wait(t0), Some(300));
        a.succeeded();
        assert_eq!(a.wait(t0), None);
    }
}
