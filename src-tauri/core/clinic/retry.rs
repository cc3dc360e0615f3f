//! When to try the clinic again after a failed background sync:
//! exponential backoff with full jitter, never sooner than the clinic's own
//! `Retry-After` (up to a day: a server cannot park the app for longer).

use reqwest::header::{HeaderMap, DATE, RETRY_AFTER};
use std::time::Duration;

const BASE: Duration = Duration::from_secs(60);
const CAP: Duration = Duration::from_secs(60 * 60);
/// The longest `Retry-After` honoured, in seconds.
pub const MAX_RETRY_AFTER: u64 = 24 * 60 * 60;

/// The wait after `failures` failures in a row (1 or more), given the
/// clinic's `Retry-After` if it sent one; `jitter` is a random number in
/// [0, 1). Never more than a day.
pub fn backoff(failures: u32, retry_after: Option<u64>, jitter: f64) -> Duration {
    let ceiling = BASE
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1)))
        .min(CAP);
    let wait = ceiling.mul_f64(jitter.clamp(0.0, 1.0));
    let asked = Duration::from_secs(retry_after.unwrap_or(0).min(MAX_RETRY_AFTER));
    wait.max(asked)
}

/// `Retry-After` in seconds, clamped to a day: a number (one too large for
/// any integer type still means "a long time"), or an HTTP-date, counted
/// from the answer's own `Date` (so a wrong clock here does not matter)
/// or, without one, from this computer's clock.
pub(super) fn retry_after(headers: &HeaderMap) -> Option<u64> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse().unwrap_or(u64::MAX).min(MAX_RETRY_AFTER));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let sent = headers
        .get(DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d.trim()).ok())
        .map(|d| d.to_utc())
        .unwrap_or_else(|| crate::clock::Clock::now(&crate::clock::SystemClock));
    let seconds = (at.to_utc() - sent).num_seconds().max(0);
    Some(u64::try_from(seconds).unwrap_or(0).min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn grows_to_an_hour_and_honours_retry_after() {
        assert_eq!(backoff(1, None, 0.999_999).as_secs(), 59);
        assert_eq!(backoff(3, None, 0.5), Duration::from_secs(120));
        assert_eq!(backoff(30, None, 0.999_999).as_secs(), 3599);
        assert_eq!(backoff(2, None, 0.0), Duration::ZERO);
        assert_eq!(backoff(1, Some(600), 0.1), Duration::from_secs(600));
    }

    #[test]
    fn a_huge_retry_after_is_a_day_and_overflows_nothing() {
        let mut headers = HeaderMap::new();
        for (sent, read) in [
            ("120", Some(120)),
            (" 7 ", Some(7)),
            ("18446744073709551615", Some(MAX_RETRY_AFTER)),
            ("99999999999999999999999999", Some(MAX_RETRY_AFTER)),
            ("-5", None),
            ("Wed, 21 Oct 2015", None),
            ("", None),
        ] {
            headers.insert(RETRY_AFTER, sent.parse().unwrap());
            assert_eq!(retry_after(&headers), read, "{sent:?}");
        }
        // An HTTP-date: from the answer's own Date.
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        headers.insert(DATE, "Wed, 21 Oct 2015 07:26:30 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(90));
        headers.insert(DATE, "Wed, 21 Oct 2015 07:30:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(0), "a date already past");
        headers.insert(
            RETRY_AFTER,
            "Sat, 24 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER));
        let wait = backoff(u32::MAX, Some(u64::MAX), 0.999_999);
        assert_eq!(wait, Duration::from_secs(MAX_RETRY_AFTER));
        assert!(Instant::now().checked_add(wait).is_some());
    }
}
