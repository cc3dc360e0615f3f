//! Preferences the app needs before the vault is unlocked: language,
//! auto-lock, the tray, and what "Need help now" shows (the country's crisis
//! lines, the clinic's phone). They sit in a plain JSON file, so the help
//! panel works on the lock and setup screens; nothing in it is written by
//! the member about themselves.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not read the settings file")]
    Read(#[source] io::Error),
    #[error("the settings file is damaged")]
    Damaged(#[source] serde_json::Error),
    #[error("could not save the settings file")]
    Write(#[source] io::Error),
    #[error("that value is not allowed for this setting")]
    Invalid,
    /// While the vault is locked nothing that weakens its protection, or
    /// changes whom Need help now calls, can be set.
    #[error("that cannot be changed while Alongside is locked")]
    Locked,
}

impl crate::error::Coded for SettingsError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Read(_) => ErrorCode::Io,
            Self::Write(_) => ErrorCode::SettingsNotSaved,
            Self::Damaged(_) => ErrorCode::SettingsDamaged,
            Self::Invalid => ErrorCode::InvalidSetting,
            Self::Locked => ErrorCode::Locked,
        }
    }
}

pub type Result<T> = std::result::Result<T, SettingsError>;

/// Interface language; `System` follows the desktop's locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    System,
    En,
    Es,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub language: Language,
    // Minutes without activity before the vault locks; `None` is "never".
    pub auto_lock_minutes: Option<u32>,
    /// Closing the window keeps the app in the tray; `None` until the member
    /// has been asked (the first close).
    pub close_to_tray: Option<bool>,
    /// ISO 3166 code whose crisis lines "Need help now" lists, as the
    /// member chose it; `None` until they do (the clinic's country, then
    /// the app's default, apply — never the desktop's language).
    pub crisis_country: Option<String>,
    /// The country of the clinic's address, as its Organization says.
    pub clinic_country: Option<String>,
    /// The clinic's phone and hours, typed in or from the clinic.
    pub help_contact: Option<HelpContact>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::default(),
            auto_lock_minutes: Some(DEFAULT_AUTO_LOCK_MINUTES),
            close_to_tray: None,
            crisis_country: None,
            clinic_country: None,
            help_contact: None,
        }
    }
}

/// The clinic as "Need help now" shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelpContact {
    pub name: String,
    pub phone: String,
    pub hours: String,
    /// Read from the clinic's Organization (then sync keeps it), not typed.
    #[serde(default)]
    pub from_clinic: bool,
}

impl HelpContact {
    pub fn check(&self) -> Result<()> {
        let phone_ok = (1..=32).contains(&self.phone.chars().count())
            && self.phone.chars().any(|c| c.is_ascii_digit())
            && self
                .phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if phone_ok && self.name.chars().count() <= 120 && self.hours.chars().count() <= 200 {
            Ok(())
        } else {
            Err(SettingsError::Invalid)
        }
    }
}

/// Two capital letters, as ISO 3166-1 alpha-2 writes a country.
pub fn check_country(code: &str) -> Result<()> {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(SettingsError::Invalid)
    }
}

pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;
/// The longest auto-lock the app offers: a day.
pub const MAX_AUTO_LOCK_MINUTES: u32 = 24 * 60;

/// Reads and writes `settings.json`.
#[derive(Debug, Clone)]
pub struct SettingsStore {
    path: PathBuf,
}

impl SettingsStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A missing file means defaults; a damaged one is an error so it is
    /// reported rather than silently overwritten.
    pub fn load(&self) -> Result<Settings> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(SettingsError::Damaged),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(e) => Err(SettingsError::Read(e)),
        }
    }

    pub fn save(&self, settings: &Settings) -> Result<()> {
        // Serialising a struct of enums cannot fail; an error here would be a bug.
        let json = serde_json::to_vec_pretty(settings).map_err(SettingsError::Damaged)?;
        crate::fsutil::write_atomic(&self.path, &json).map_err(SettingsError::Write)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;

    #[test]
    fn missing_file_gives_defaults_and_saved_values_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = SettingsStore::new(dir.path().join("settings.json"));
        assert_eq!(store.load().unwrap(), Settings::default());
        let es = Settings {
            language: Language::Es,
            auto_lock_minutes: None,
            close_to_tray: Some(true),
            crisis_country: Some("MX".into()),
            clinic_country: Some("US".into()),
            help_contact: Some(HelpContact {
                name: "Clinic".into(),
                phone: "(800) 457-4573".into(),
                hours: "Mon–Fri 9–5".into(),
                from_clinic: false,
            }),
        };
        store.save(&es).unwrap();
        assert_eq!(store.load().unwrap(), es);
        let on_disk = std::fs::read_to_string(store.path()).unwrap();
        assert!(on_disk.contains("\"language\": \"es\""), "{on_disk}");
        assert!(on_disk.contains("\"autoLockMinutes\": null"), "{on_disk}");
    }

    #[test]
    fn older_files_get_the_default_auto_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, br#"{"language":"en"}"#).unwrap();
        let loaded = SettingsStore::new(&path).load().unwrap();
        assert_eq!(loaded.auto_lock_minutes, Some(DEFAULT_AUTO_LOCK_MINUTES));
    }

    #[test]
    fn help_settings_are_checked() {
        assert!(check_country("GB").is_ok());
        for bad in ["gb", "GBR", "", "G1"] {
            assert!(check_country(bad).is_err(), "{bad}");
        }
        let mut contact = HelpContact {
            name: "Clinic".into(),
            phone: "+1 (800) 457-4573".into(),
            hours: String::new(),
            from_clinic: false,
        };
        assert!(contact.check().is_ok());
        for bad in ["", "call me", "()", &"1".repeat(33)] {
            contact.phone = bad.into();
            assert!(contact.check().is_err(), "{bad}");
        }
    }

    #[test]
    fn damaged_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"{not json").unwrap();
        let err = SettingsStore::new(&path).load().unwrap_err();
        assert_eq!(err.code(), "settings_damaged");
        assert_eq!(std::fs::read(&path).unwrap(), b"{not json");
    }
}
