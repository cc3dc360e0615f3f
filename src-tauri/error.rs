//! The one error shape that crosses to the UI: `{ code, message }`.
//! `code` is one of the `ErrorCode`s below, which the UI translates (the
//! generated TypeScript gives them as a union, so a missing translation is a
//! compile error there and a test failure here); `message` is a plain English
//! hint for the log and for developers. Neither ever holds user content:
//! module errors only carry static text (never another library's words) and
//! their `source`, which is logged here and goes no further.

use serde::Serialize;
use ts_rs::TS;

/// Declares the codes once: the enum (serialised snake_case, a union in
/// TypeScript) and the list every test walks.
macro_rules! error_codes {
    ($($code:ident = $text:literal),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
        pub enum ErrorCode {
            $(#[serde(rename = $text)] $code),*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$code),*];

            /// The code as the UI and the log see it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$code => $text),*
                }
            }
        }
    };
}

error_codes! {
    // The vault and its store
    Locked = "locked",
    VaultNotSetUp = "vault_not_set_up",
    VaultExists = "vault_exists",
    VaultDamaged = "vault_damaged",
    WrongPassphrase = "wrong_passphrase",
    WrongRecoveryCode = "wrong_recovery_code",
    TooManyAttempts = "too_many_attempts",
    WeakPassphrase = "weak_passphrase",
    PassphraseRequired = "passphrase_required",
    KeyringUnavailable = "keyring_unavailable",
    DatabaseUnreadable = "database_unreadable",
    Database = "database",
    Io = "io",
    Internal = "internal",
    // Settings
    InvalidSetting = "invalid_setting",
    SettingsDamaged = "settings_damaged",
    SettingsNotSaved = "settings_not_saved",
    // The journal
    NotFound = "not_found",
    InvalidEntry = "invalid_entry",
    JournalNotEmpty = "journal_not_empty",
    // Backups, exports, imports
    BackupWrongPassphrase = "backup_wrong_passphrase",
    BackupNotABackup = "backup_not_a_backup",
    BackupDamaged = "backup_damaged",
    BackupNewerVersion = "backup_newer_version",
    BackupNoPassphrase = "backup_no_passphrase",
    BackupTooLarge = "backup_too_large",
    FolderNotAbsolute = "folder_not_absolute",
    ExportNotAcknowledged = "export_not_acknowledged",
    Encode = "encode",
    NotAFile = "not_a_file",
    FileNotFound = "file_not_found",
    FilePermission = "file_permission",
    FileIo = "file_io",
    ImportNotJson = "import_not_json",
    ImportZip = "import_zip",
    ImportUnknownFormat = "import_unknown_format",
    ImportTooLarge = "import_too_large",
    TransferCancelled = "transfer_cancelled",
    // The clinic
    ClinicBadAddress = "clinic_bad_address",
    ClinicUnreachable = "clinic_unreachable",
    ClinicError = "clinic_error",
    ClinicBusy = "clinic_busy",
    ClinicTooLarge = "clinic_too_large",
    ClinicInsecureEndpoint = "clinic_insecure_endpoint",
    ClinicNoSignIn = "clinic_no_sign_in",
    ClinicNotSignedIn = "clinic_not_signed_in",
    ClinicSignInExpired = "clinic_sign_in_expired",
    ClinicNotAccepted = "clinic_not_accepted",
    ClinicNotGranted = "clinic_not_granted",
    ClinicNotShared = "clinic_not_shared",
    ReplyClosed = "reply_closed",
    SignInCancelled = "sign_in_cancelled",
    SignInTimedOut = "sign_in_timed_out",
    SignInRefused = "sign_in_refused",
    SignInListener = "sign_in_listener",
    // Reminders
    SessionTitleInvalid = "session_title_invalid",
    ZoneUnknown = "zone_unknown",
    WeeksOutOfRange = "weeks_out_of_range",
    SkippedTooMany = "skipped_too_many",
    LeadTimeInvalid = "lead_time_invalid",
    QuietHoursInvalid = "quiet_hours_invalid",
    RoutineInvalid = "routine_invalid",
    // Skill practice
    ExerciseUnknown = "exercise_unknown",
    DistressInvalid = "distress_invalid",
    GoalInvalid = "goal_invalid",
    AnswerInvalid = "answer_invalid",
    HomeworkInvalid = "homework_invalid",
    // Safety
    SafetyPlanInvalid = "safety_plan_invalid",
    CheckUnanswered = "check_unanswered",
    CheckInvalid = "check_invalid",
    CheckCadenceInvalid = "check_cadence_invalid",
    // The desktop
    InvalidLink = "invalid_link",
    OpenFailed = "open_failed",
    ClipboardUnavailable = "clipboard_unavailable",
    Window = "window",
    AutostartFailed = "autostart_failed",
}

/// Tests compare a code with the text the UI sees.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

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

/// A module's error: its code for the UI. Every one converts to `AppError`
/// the same way, so this file names no module and every module can name it.
pub trait Coded: std::error::Error {
    fn code(&self) -> ErrorCode;

    /// Whether the causes may go to the log: not where a library's words
    /// could name the clinic's address or the member's record.
    fn causes_may_be_logged(&self) -> bool {
        true
    }
}

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
        let e: AppError = crate::safety::ContactLinkError::Scheme.into();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid_link", "message": "only phone and text links can be opened"})
        );
    }

    #[test]
    fn every_code_is_its_own_text() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().to_owned())
            );
            assert!(seen.insert(code.as_str()), "{code:?} twice");
        }
    }
}
