//! When to try the clinic again after a failed background sync:
//! exponential backoff with full jitter, never sooner than the clinic's own
//! `Retry-After`.

use super::ClinicError;
use std::time::Duration;

const BASE: Duration = Duration::from_secs(60);
const CAP: Duration = Duration::from_secs(60 * 60);

/// The wait after `failures` failures in a row (1 or more); `jitter` is a
/// random number in [0, 1).
pub fn backoff(failures: u32, error: &ClinicError, jitter: f64) -> Duration {
    let ceiling = BASE
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1)))
        .min(CAP);
    let wait = ceiling.mul_f64(jitter.clamp(0.0, 1.0));
    match error {
        ClinicError::Busy {
            retry_after: Some(secs),
        } => wait.max(Duration::from_secs(*secs)),
        _ => wait,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_to_an_hour_and_honours_retry_after() {
        let e = ClinicError::Malformed;
        assert_eq!(backoff(1, &e, 0.999_999).as_secs(), 59);
        assert_eq!(backoff(3, &e, 0.5), Duration::from_secs(120));
        assert_eq!(backoff(30, &e, 0.999_999).as_secs(), 3599);
        assert_eq!(backoff(2, &e, 0.0), Duration::ZERO);
        let busy = ClinicError::Busy {
            retry_after: Some(600),
        };
        assert_eq!(backoff(1, &busy, 0.1), Duration::from_secs(600));
    }
}
