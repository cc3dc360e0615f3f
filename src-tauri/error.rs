//! The one error shape that crosses to the UI: `{ code, message }`, where
//! `code` is the core's `ErrorCode` and `message` a plain English hint for
//! the log and for developers. Neither ever holds user content; a module
//! error's `source` is logged here and goes no further.

pub use alongside_core::error::{Coded, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    /// Logs the full cause chain (which may name files, never content) and
    /// keeps only the code and the top-level text for the UI.
    fn from_module_error(code: ErrorCode, err: &dyn std::error::Error) -> Self {
        let mut chain = String::new();
        let mut source = err.source();
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        tracing::warn!(code = code.as_str(), "{err}{chain}");
        Self {
            code,
            message: err.to_string(),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code.as_str())
    }
}

impl std::error::Error for AppError {}

impl<E: Coded> From<E> for AppError {
    fn from(e: E) -> Self {
        let code = e.code();
        if e.causes_may_be_logged() {
            return Self::from_module_error(code, &e);
        }
        tracing::warn!(code = code.as_str(), "a request failed");
        Self {
            code,
            message: e.to_string(),
        }
    }
}

/// The desktop around the app failed us: the window, or the program a link
/// opens in. The desktop's own error text is logged, never shown.
#[derive(Debug, thiserror::Error)]
pub enum DesktopError {
    #[error("the window could not be shown")]
    Window,
    #[error("no application could open the link")]
    OpenFailed,
    #[error("the start-at-login entry could not be changed")]
    Autostart,
}

impl Coded for DesktopError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Window => ErrorCode::Window,
            Self::OpenFailed => ErrorCode::OpenFailed,
            Self::Autostart => ErrorCode::AutostartFailed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_as_code_and_message() {
        let e: AppError = alongside_core::safety::ContactLinkError::Scheme.into();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid_link", "message": "only phone and text links can be opened"})
        );
    }
}
