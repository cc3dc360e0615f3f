//! The one error shape that crosses to the UI: `{ code, message }`.
//! `code` is a stable string the UI translates; `message` is a plain English
//! hint for the log and for developers. Neither ever holds user content:
//! module errors only carry static text and their `source`, which stays here.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// Logs the full cause chain (which may name files, never content) and
    /// keeps only the code and the top-level text for the UI.
    fn from_module_error(code: &'static str, err: &dyn std::error::Error) -> Self {
        let mut chain = String::new();
        let mut source = err.source();
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        tracing::warn!(code, "{err}{chain}");
        Self::new(code, err.to_string())
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for AppError {}

impl From<crate::settings::SettingsError> for AppError {
    fn from(e: crate::settings::SettingsError) -> Self {
        Self::from_module_error(e.code(), &e)
    }
}

impl From<crate::vault::VaultError> for AppError {
    fn from(e: crate::vault::VaultError) -> Self {
        Self::from_module_error(e.code(), &e)
    }
}

impl From<crate::journal::JournalError> for AppError {
    fn from(e: crate::journal::JournalError) -> Self {
        Self::from_module_error(e.code(), &e)
    }
}

/// Clinic failures are logged by code alone: the causes are HTTP library
/// errors, which would name the clinic's address and the member's record.
impl From<crate::clinic::ClinicError> for AppError {
    fn from(e: crate::clinic::ClinicError) -> Self {
        let code = e.code();
        tracing::warn!(code, "a clinic request failed");
        Self::new(code, e.to_string())
    }
}

impl From<crate::transfer::TransferError> for AppError {
    fn from(e: crate::transfer::TransferError) -> Self {
        Self::from_module_error(e.code(), &e)
    }
}

impl From<crate::journal::web_link::NotAWebLink> for AppError {
    fn from(e: crate::journal::web_link::NotAWebLink) -> Self {
        Self::from_module_error(e.code(), &e)
    }
}

impl From<crate::clipboard::ClipboardError> for AppError {
    fn from(e: crate::clipboard::ClipboardError) -> Self {
        Self::from_module_error(e.code(), &e)
    }
}

impl From<crate::safety::ContactLinkError> for AppError {
    fn from(e: crate::safety::ContactLinkError) -> Self {
        Self::from_module_error(e.code(), &e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_as_code_and_message() {
        let e: AppError = crate::safety::ContactLinkError::Scheme.into();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid_link", "message": "only phone and text links can be opened"})
        );
    }
}
