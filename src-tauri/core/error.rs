//! The codes every module's error maps to: `{ code, message }` is the one
//! error shape that crosses to the UI (the app crate's `AppError`). `code` is
//! one of the `ErrorCode`s below, which the UI translates (the generated
//! TypeScript gives them as a union, so a missing translation is a compile
//! error there and a test failure here). Module errors only carry static text
//! (never another library's words) and their `source`, which is logged by the
//! app and goes no further.

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

/// A module's error: its code for the UI. The app converts
/// every one to its `AppError` the same way, so this leaf names no module
/// and every module can name it.
pub trait Coded: std::error::Error {
    fn code(&self) -> ErrorCode;

    /// Whether the causes may go to the log: not where a library's words
    /// could name the clinic's address or the member's record.
    fn causes_may_be_logged(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
