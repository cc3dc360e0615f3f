//! How the vault fails, and the code the UI is given for each.

use super::keyring::KeyringError;
use super::keyslots::SlotError;
use crate::error::ErrorCode;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the vault is locked")]
    Locked,
    #[error("no vault has been set up yet")]
    NotSetUp,
    #[error("a vault already exists here")]
    Exists,
    #[error("the passphrase does not match")]
    WrongPassphrase,
    #[error("the recovery code does not match")]
    WrongRecoveryCode,
    #[error("too many attempts; wait before trying again")]
    TooManyAttempts,
    #[error("the passphrase is too easy to guess")]
    WeakPassphrase,
    #[error("this change needs the current passphrase")]
    PassphraseRequired,
    #[error("the system keyring is not available")]
    KeyringUnavailable(#[source] KeyringError),
    #[error("the vault's key file is missing or damaged")]
    Damaged(#[source] SlotError),
    #[error("the vault's key file could not be saved")]
    Write(#[source] SlotError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a background task failed")]
    Task,
}

impl crate::error::Coded for VaultError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Locked => ErrorCode::Locked,
            Self::NotSetUp => ErrorCode::VaultNotSetUp,
            Self::Exists => ErrorCode::VaultExists,
            Self::WrongPassphrase => ErrorCode::WrongPassphrase,
            Self::WrongRecoveryCode => ErrorCode::WrongRecoveryCode,
            Self::TooManyAttempts => ErrorCode::TooManyAttempts,
            Self::WeakPassphrase => ErrorCode::WeakPassphrase,
            Self::PassphraseRequired => ErrorCode::PassphraseRequired,
            Self::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            Self::Damaged(_) => ErrorCode::VaultDamaged,
            Self::Write(_) => ErrorCode::Io,
            Self::Store(e) => e.code(),
            Self::Task => ErrorCode::Internal,
        }
    }
}
