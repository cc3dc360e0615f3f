//! Diagnostic log: a daily-rotated file in the data directory, kept 7 days.
//!
//! The rule: nothing a member wrote or holds secret (journal text, answers,
//! passphrases, recovery codes, tokens, keys) is ever formatted into a log
//! line, an error message or a notification. Such values travel in
//! [`Sensitive`], whose `Debug` and `Display` print a placeholder, so an
//! accidental `?value` in a `tracing` macro cannot leak them. Log events,
//! counts, durations and error codes instead.

use std::fmt;
use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use zeroize::Zeroize;

pub const LOG_FILE_PREFIX: &str = "alongside";
const KEEP_FILES: usize = 7;

#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("could not create the log folder")]
    Dir(#[source] std::io::Error),
    #[error("could not open the log file")]
    Appender(#[source] tracing_appender::rolling::InitError),
    #[error("a logger is already installed")]
    AlreadySet,
}

/// Installs the global file logger. Keep the guard alive for the life of
/// the process: dropping it flushes and stops the writer thread.
pub fn init(log_dir: &Path) -> Result<WorkerGuard, LoggingError> {
    crate::fsutil::ensure_private_dir(log_dir).map_err(LoggingError::Dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(log_dir)
        .map_err(LoggingError::Appender)?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_env_filter(filter(std::env::var("ALONGSIDE_LOG").ok().as_deref()))
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|_| LoggingError::AlreadySet)?;
    Ok(guard)
}

/// The app's log filter: `ALONGSIDE_LOG` when it parses, else the default,
/// and always the libraries in [`SILENCED`] off: sqlx's statement log
/// would carry the database key's `PRAGMA`, and the HTTP stack's logs name
/// the clinic's host and the addresses it was asked for (which hold the
/// member's record id), whatever level someone asks for. Requested
/// directives for those targets (`sqlx::query=trace`) are dropped, since a
/// more specific target would win over the pin.
pub fn filter(requested: Option<&str>) -> EnvFilter {
    let silenced = |directive: &str| {
        let target = directive.trim_start();
        SILENCED.iter().any(|lib| target.starts_with(lib))
    };
    let kept = requested.map(|r| {
        r.split(',')
            .filter(|d| !silenced(d))
            .collect::<Vec<_>>()
            .join(",")
    });
    let mut filter = kept
        .and_then(|r| EnvFilter::try_new(r).ok())
        .unwrap_or_else(|| EnvFilter::new(DEFAULT_FILTER));
    for lib in SILENCED {
        // `<crate name>=off` always parses (the unit test below reads it back).
        filter = filter.add_directive(format!("{lib}=off").parse().expect("constant directive"));
    }
    filter
}

/// Libraries whose own log lines could carry a key, a token or an address.
pub const SILENCED: &[&str] = &["sqlx", "reqwest", "hyper", "hyper_util", "h2", "native_tls"];

const DEFAULT_FILTER: &str = "warn,alongside_core=info,alongside_lib=info,alongside=info";

/// A passphrase or recovery code as the member typed it.
pub type Secret = Sensitive<String>;

/// A value that must never reach a log or an error message, wiped from
/// memory when dropped.
#[derive(Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Sensitive<T: Zeroize>(T);

impl<T: Zeroize> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The inner value, for the code that actually needs it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

/// A secret crosses from the UI as a plain string.
impl ts_rs::TS for Sensitive<String> {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(cfg: &ts_rs::Config) -> String {
        <String as ts_rs::TS>::name(cfg)
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        <String as ts_rs::TS>::inline(cfg)
    }
}

impl<T: Zeroize> Drop for Sensitive<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("‹redacted›")
    }
}

impl<T: Zeroize> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("‹redacted›")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlx_is_off_whatever_is_asked() {
        for asked in [
            None,
            Some("trace"),
            Some("sqlx=debug"),
            Some("info, sqlx::query=trace"),
        ] {
            let shown = filter(asked).to_string();
            for lib in SILENCED {
                assert!(shown.contains(&format!("{lib}=off")), "{asked:?}: {shown}");
            }
            assert!(!shown.contains("sqlx::query"), "{asked:?}: {shown}");
            assert!(!shown.contains("sqlx=debug"), "{asked:?}: {shown}");
        }
    }

    #[test]
    fn sensitive_never_prints_its_value() {
        let s = Sensitive::new("I felt afraid at the bus stop".to_string());
        assert_eq!(format!("{s}"), "‹redacted›");
        assert_eq!(format!("{s:?}"), "‹redacted›");
        assert_eq!(format!("{:?}", Some(&s)), "Some(‹redacted›)");
        assert_eq!(s.expose(), "I felt afraid at the bus stop");
    }
}
