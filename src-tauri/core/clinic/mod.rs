//! The member's clinic: signing in with SMART App Launch (standalone patient
//! launch, public client, PKCE S256, loopback redirect, system browser), the
//! enrolment read from its FHIR R4 API (sessions, homework, programme, the
//! clinic's phone) and what the member chooses to tell it (the outbox).
//!
//! What leaves the machine, and only to the clinic address the member typed:
//! the discovery request, the sign-in in the member's own browser, token
//! requests (the one-time code or the refresh token), searches for the
//! member's own records, and the outbox's few writes: replies to sessions,
//! an orientation agreement, homework status, self-checks they share. Never
//! the journal or the safety plan. Each request is written to the sync
//! ledger the member can read, a write with the fields it carried.
//!
//! The refresh token is kept in the vault's encrypted `meta` table: sync
//! only runs while the vault is open, and a second secret store would be a
//! second way to fail. Access tokens live in memory for one sync. No token
//! appears in a log, an error or a `Debug` print; nor does a clinic address
//! (those of FHIR reads carry the member's Patient id).
//!
//! The clinic's server is not trusted further than it must be: every body
//! read from it is capped, addresses it hands back (sign-in endpoints, `next`
//! links) must follow the same rule as the address the member typed, and no
//! redirect is followed.

mod address;
mod answer;
mod connection;
mod fhir;
#[cfg(test)]
mod fuzz;
mod homework_pull;
mod ledger;
mod loopback;
mod organization;
pub mod outbox;
pub mod programme;
mod reads;
mod resources;
pub mod retry;
pub mod scopes;
mod send;
mod sessions;
mod sessions_pull;
mod smart;
mod state;
mod telling;
mod unshared;
mod worker;

pub use address::ClinicAddress;
pub use answer::MAX_BODY;
pub use connection::{status, Clinic, ClinicStatus};
pub use ledger::{Ledger, LedgerAction, LedgerEntry, SentField};
pub use loopback::Loopback;
pub use organization::ClinicContact;
pub use outbox::{Outbox, OutboxItem, OutboxState, Payload, Reply, MAX_NOTE_CHARS};
pub use programme::Programme;
pub use scopes::Abilities;
pub use sessions::{Session, Sessions};
pub use smart::{Pkce, SmartConfig};
pub use telling::{DeletedCheck, Telling};
pub use unshared::ClinicPart;
pub use worker::{Turn, Worker};

use crate::error::ErrorCode;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ClinicError {
    #[error("the clinic address is not a full https address")]
    BadAddress,
    #[error("the clinic could not be reached")]
    Unreachable(#[source] Transport),
    #[error("the clinic answered with an error")]
    Server { status: u16 },
    #[error("the clinic is busy and asked to wait")]
    Busy { retry_after: Option<u64> },
    #[error("the clinic's answer could not be read")]
    Malformed,
    #[error("the clinic's answer was larger than the app accepts")]
    TooLarge,
    #[error("the clinic's sign-in points to an address the app will not use")]
    InsecureEndpoint,
    #[error("this address does not offer sign-in for patient apps")]
    NoSmart,
    #[error("sign-in was called off")]
    Cancelled,
    #[error("sign-in was not finished in time")]
    TimedOut,
    #[error("the clinic did not accept the sign-in")]
    Refused,
    #[error("not signed in to a clinic")]
    NotSignedIn,
    #[error("the sign-in has expired")]
    Expired,
    #[error("the clinic did not accept what was sent")]
    NotAccepted { reason: Option<String> },
    #[error("the clinic's copy changed while it was being updated")]
    Conflict,
    #[error("the sign-in does not allow sending this")]
    NotGranted,
    #[error("replies to this session are closed")]
    ReplyClosed,
    #[error("no such item")]
    NoSuchItem,
    #[error("the sign-in page could not be opened")]
    Browser,
    #[error("the sign-in listener could not start")]
    Listener(#[source] std::io::Error),
    #[error("a sessions query failed")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Homework(#[from] crate::practice::PracticeError),
    #[error(transparent)]
    SelfCheck(#[from] crate::safety::SafetyError),
}

impl crate::error::Coded for ClinicError {
    /// Logged by code alone: the causes are HTTP library errors, which
    /// would name the clinic's address and the member's record.
    fn causes_may_be_logged(&self) -> bool {
        false
    }

    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::BadAddress => ErrorCode::ClinicBadAddress,
            Self::Unreachable(_) => ErrorCode::ClinicUnreachable,
            e if unshared::is_refusal(e) => ErrorCode::ClinicNotShared,
            Self::Server { .. } | Self::Malformed => ErrorCode::ClinicError,
            Self::Busy { .. } => ErrorCode::ClinicBusy,
            Self::TooLarge => ErrorCode::ClinicTooLarge,
            Self::InsecureEndpoint => ErrorCode::ClinicInsecureEndpoint,
            Self::NoSmart => ErrorCode::ClinicNoSignIn,
            Self::Cancelled => ErrorCode::SignInCancelled,
            Self::TimedOut => ErrorCode::SignInTimedOut,
            Self::Refused => ErrorCode::SignInRefused,
            Self::NotSignedIn => ErrorCode::ClinicNotSignedIn,
            Self::Expired => ErrorCode::ClinicSignInExpired,
            Self::NotAccepted { .. } => ErrorCode::ClinicNotAccepted,
            Self::Conflict => ErrorCode::ClinicBusy,
            Self::NotGranted => ErrorCode::ClinicNotGranted,
            Self::ReplyClosed => ErrorCode::ReplyClosed,
            Self::NoSuchItem => ErrorCode::NotFound,
            Self::Browser => ErrorCode::OpenFailed,
            Self::Listener(_) => ErrorCode::SignInListener,
            Self::Database(_) => ErrorCode::Database,
            Self::Store(e) => e.code(),
            Self::Homework(e) => e.code(),
            Self::SelfCheck(e) => e.code(),
        }
    }
}

impl ClinicError {
    /// A request that did not get an answer. Only the kind of failure is
    /// kept: reqwest's error names the address (a FHIR read's carries the
    /// Patient id) and, in its source chain, the socket address it tried.
    pub(crate) fn unreachable(e: reqwest::Error) -> Self {
        Self::Unreachable(Transport::of(&e))
    }

    /// The wait the clinic asked for, if it did.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Busy { retry_after } => *retry_after,
            _ => None,
        }
    }
}

/// How a request to the clinic failed to get an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Transport {
    #[error("the request timed out")]
    Timeout,
    #[error("no connection could be made")]
    Connect,
    #[error("the answer broke off")]
    Body,
    #[error("the request failed")]
    Other,
}

impl Transport {
    fn of(e: &reqwest::Error) -> Self {
        if e.is_timeout() {
            Self::Timeout
        } else if e.is_connect() {
            Self::Connect
        } else if e.is_body() || e.is_decode() {
            Self::Body
        } else {
            Self::Other
        }
    }
}

pub type Result<T> = std::result::Result<T, ClinicError>;

/// One HTTP client for the clinic: no redirects followed (a token must
/// never be carried to another host), bounded waits.
pub fn http_client() -> Result<reqwest::Client> {
    http_client_waiting(std::time::Duration::from_secs(30))
}

/// The clinic's HTTP client, giving up on an answer after `timeout`.
pub fn http_client_waiting(timeout: std::time::Duration) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(std::time::Duration::from_secs(10).min(timeout))
        .timeout(timeout)
        .user_agent(concat!("Alongside/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(ClinicError::unreachable)
}
