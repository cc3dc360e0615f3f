//! The member's clinic: signing in with SMART App Launch (standalone patient
//! launch, public client, PKCE S256, loopback redirect, system browser) and
//! the group sessions read from its FHIR R4 API.
//!
//! What leaves the machine, and only to the clinic address the member typed:
//! the discovery request, the sign-in in the member's own browser, token
//! requests (the one-time code or the refresh token), and searches for the
//! member's own Appointments. Nothing the member writes is ever sent. Each
//! of these requests is written to the sync ledger the member can read.
//!
//! The refresh token is kept in the vault's encrypted `meta` table: sync
//! only runs while the vault is open, and a second secret store would be a
//! second way to fail. Access tokens live in memory for one sync. No token
//! appears in a log, an error or a `Debug` print.

mod address;
mod connection;
mod fhir;
mod ledger;
mod loopback;
pub mod retry;
mod sessions;
mod smart;
mod sync;

pub use address::ClinicAddress;
pub use connection::{Clinic, ClinicStatus};
pub use ledger::{Ledger, LedgerAction, LedgerEntry};
pub use loopback::Loopback;
pub use sessions::{Session, Sessions};
pub use smart::{Pkce, SmartConfig};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ClinicError {
    #[error("the clinic address is not a full https address")]
    BadAddress,
    #[error("the clinic could not be reached")]
    Unreachable(#[source] reqwest::Error),
    #[error("the clinic answered with an error")]
    Server { status: u16 },
    #[error("the clinic is busy and asked to wait")]
    Busy { retry_after: Option<u64> },
    #[error("the clinic's answer could not be read")]
    Malformed,
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
    #[error("the sign-in page could not be opened")]
    Browser,
    #[error("the sign-in listener could not start")]
    Listener(#[source] std::io::Error),
    #[error("a sessions query failed")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ClinicError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadAddress => "clinic_bad_address",
            Self::Unreachable(_) => "clinic_unreachable",
            Self::Server { .. } | Self::Malformed => "clinic_error",
            Self::Busy { .. } => "clinic_busy",
            Self::NoSmart => "clinic_no_sign_in",
            Self::Cancelled => "sign_in_cancelled",
            Self::TimedOut => "sign_in_timed_out",
            Self::Refused => "sign_in_refused",
            Self::NotSignedIn => "clinic_not_signed_in",
            Self::Expired => "clinic_sign_in_expired",
            Self::Browser => "open_failed",
            Self::Listener(_) => "sign_in_listener",
            Self::Database(_) => "database",
            Self::Store(e) => e.code(),
        }
    }
}

pub type Result<T> = std::result::Result<T, ClinicError>;

/// One HTTP client for the clinic: no redirects followed (a token must
/// never be carried to another host), bounded waits.
pub fn http_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(30))
        .user_agent(concat!("Alongside/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(ClinicError::Unreachable)
}
