//! What every command can reach: where data lives, the clock, the settings
//! and the vault. Later the scheduler and sync handles join it.

use crate::clock::Clock;
use crate::error::Coded;
use crate::paths::AppPaths;
use crate::settings::{Language, Settings, SettingsError, SettingsStore, MAX_AUTO_LOCK_MINUTES};
use crate::vault::keyring::Keyring;
use crate::vault::Vault;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
}

/// When the UI reached each step of its start, in wall-clock milliseconds
/// (`performance.timeOrigin + performance.now()`).
#[derive(Debug, Clone, Copy, Default, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StartupMarks {
    pub script_at: f64,
    /// All of the page's first script has run (`main.ts` starts).
    pub modules_at: f64,
    /// The shell is mounted, before the answers below are applied.
    pub shell_at: f64,
    /// The first of the two answers the first screen needs reached the page.
    pub answered_at: f64,
    pub settings_at: f64,
    pub vault_at: f64,
    /// The first screen is in the page, before its layout.
    pub mounted_at: f64,
    pub painted_at: f64,
}

/// See `AppState::mark_startup`; usable before the state exists.
pub fn startup_mark(started: Instant, step: &str) {
    tracing::info!(
        after_ms = started.elapsed().as_millis() as u64,
        "start-up {step}"
    );
}

pub struct AppState {
    paths: AppPaths,
    clock: Arc<dyn Clock>,
    settings_store: SettingsStore,
    settings: Mutex<Settings>,
    vault: Arc<Vault>,
    started: Instant,
    shell_ready: AtomicBool,
    first_paint: tokio::sync::Notify,
    last_backup_error: Mutex<Option<crate::error::ErrorCode>>,
    sign_in_cancel: tokio::sync::Notify,
    transfers: crate::progress::CurrentTransfer,
    reminders: crate::reminders::HeldReminders,
    plan_copy: crate::safety::PlanCopy,
    clinic: crate::clinic::Worker,
}

impl AppState {
    pub fn new(paths: AppPaths, clock: Arc<dyn Clock>, keyring: Keyring, started: Instant) -> Self {
        let settings_store = SettingsStore::new(paths.settings_file());
        let settings = settings_store.load().unwrap_or_else(|e| {
            tracing::warn!(code = e.code().as_str(), "using default settings: {e}");
            Settings::default()
        });
        let standby = crate::reminders::standby::StandbyFile::new(
            paths.data_dir().join("reminders.standby"),
            keyring.clone(),
        );
        let plan_copy = crate::safety::PlanCopy::new(paths.data_dir(), keyring.clone());
        let vault = Arc::new(Vault::new(paths.data_dir(), keyring, clock.clone()));
        Self {
            paths,
            clock,
            settings_store,
            settings: Mutex::new(settings),
            vault,
            started,
            shell_ready: AtomicBool::new(false),
            first_paint: tokio::sync::Notify::new(),
            last_backup_error: Mutex::new(None),
            sign_in_cancel: tokio::sync::Notify::new(),
            transfers: Default::default(),
            reminders: crate::reminders::HeldReminders::with_standby(standby)
                .with_sources(occasion_sources()),
            plan_copy,
            clinic: crate::clinic::Worker::default(),
        }
    }

    /// A new vault. What a vault set up before it in this folder left for
    /// the lock screen — the plan's sealed copy, the reminders' standby
    /// times — goes with its keyring keys: a new member must not see them.
    pub async fn create_vault(
        &self,
        passphrase: &crate::logging::Sensitive<String>,
    ) -> Result<crate::vault::RecoveryCode, crate::vault::VaultError> {
        let code = self.vault.create(passphrase).await?;
        let (copy, held) = (self.plan_copy.clone(), &self.reminders);
        if let Err(e) = tokio::task::spawn_blocking(move || copy.remove())
            .await
            .unwrap_or(Ok(()))
        {
            tracing::warn!("an earlier plan copy was not removed: {e}");
        }
        held.forget_standby();
        Ok(code)
    }

    /// All clinic work takes its turn here, one piece at a time.
    pub fn clinic(&self) -> &crate::clinic::Worker {
        &self.clinic
    }

    /// The safety plan's sealed copy for the lock screen.
    pub fn plan_copy(&self) -> &crate::safety::PlanCopy {
        &self.plan_copy
    }

    pub fn paths(&self) -> &AppPaths {
        &self.paths
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn vault(&self) -> &Arc<Vault> {
        &self.vault
    }

    /// Where backups go until the member picks a folder.
    pub fn backup_folder(&self) -> std::path::PathBuf {
        self.paths.data_dir().join("backups")
    }

    pub fn last_backup_error(&self) -> Option<crate::error::ErrorCode> {
        self.last_backup_error.lock().map(|e| *e).unwrap_or(None)
    }

    pub fn set_last_backup_error(&self, code: Option<crate::error::ErrorCode>) {
        if let Ok(mut last) = self.last_backup_error.lock() {
            *last = code;
        }
    }

    /// Resolves when the member calls off a clinic sign-in in progress.
    pub fn sign_in_cancelled(&self) -> tokio::sync::futures::Notified<'_> {
        self.sign_in_cancel.notified()
    }

    pub fn cancel_sign_in(&self) {
        self.sign_in_cancel.notify_waiters();
    }

    /// The import, restore or backup the member may call off.
    pub fn transfers(&self) -> &crate::progress::CurrentTransfer {
        &self.transfers
    }

    pub fn reminders(&self) -> &crate::reminders::HeldReminders {
        &self.reminders
    }

    pub fn info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.paths.data_dir().display().to_string(),
        }
    }

    pub fn settings(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set_language(&self, language: Language) -> Result<Settings, SettingsError> {
        self.update_settings(|s| s.language = language)
    }

    /// While locked, only a shorter wait: someone at the lock screen must not
    /// be able to keep the vault from locking (or make it never lock).
    pub async fn set_auto_lock(&self, minutes: Option<u32>) -> Result<Settings, SettingsError> {
        if minutes.is_some_and(|m| m == 0 || m > MAX_AUTO_LOCK_MINUTES) {
            return Err(SettingsError::Invalid);
        }
        let now = self.settings().auto_lock_minutes;
        let weaker = match (minutes, now) {
            (None, Some(_)) => true,
            (Some(next), Some(current)) => next > current,
            (_, None) => false,
        };
        if weaker && self.is_locked().await {
            return Err(SettingsError::Locked);
        }
        self.update_settings(|s| s.auto_lock_minutes = minutes)
    }

    async fn is_locked(&self) -> bool {
        self.vault().status().await.state == crate::vault::VaultState::Locked
    }

    pub fn set_close_to_tray(&self, on: bool) -> Result<Settings, SettingsError> {
        self.update_settings(|s| s.close_to_tray = Some(on))
    }

    pub fn set_crisis_country(&self, country: Option<String>) -> Result<Settings, SettingsError> {
        if let Some(code) = &country {
            crate::settings::check_country(code)?;
        }
        self.update_settings(|s| s.crisis_country = country)
    }

    /// Not while locked: whom Need help now calls is the member's to choose.
    pub async fn set_help_contact(
        &self,
        contact: Option<crate::settings::HelpContact>,
    ) -> Result<Settings, SettingsError> {
        if let Some(c) = &contact {
            c.check()?;
        }
        if self.is_locked().await {
            return Err(SettingsError::Locked);
        }
        self.update_settings(|s| s.help_contact = contact)
    }

    /// The clinic's name, phone and country as a sync read them become what
    /// "Need help now" shows (the member's typed hours stay, and a country
    /// the member chose stays chosen). A number that does not look like one
    /// is ignored.
    pub fn adopt_clinic_contact(&self, contact: Option<&crate::clinic::ClinicContact>) {
        let Some(c) = contact else { return };
        let current = self.settings();
        let help_contact = c
            .phone
            .as_ref()
            .map(|phone| crate::settings::HelpContact {
                name: c.name.clone(),
                phone: phone.clone(),
                hours: current
                    .help_contact
                    .as_ref()
                    .map(|h| h.hours.clone())
                    .unwrap_or_default(),
                from_clinic: true,
            })
            .filter(|h| h.check().is_ok())
            .or_else(|| current.help_contact.clone());
        let clinic_country = c
            .country
            .clone()
            .filter(|code| crate::settings::check_country(code).is_ok())
            .or_else(|| current.clinic_country.clone());
        if help_contact == current.help_contact && clinic_country == current.clinic_country {
            return;
        }
        if let Err(e) = self.update_settings(|s| {
            s.help_contact = help_contact;
            s.clinic_country = clinic_country;
        }) {
            tracing::warn!(code = e.code().as_str(), "the clinic's phone was not kept");
        }
    }

    /// Applies what a change made stale (`stale.rs`): called by every
    /// command and background task that declares it, after its write.
    pub async fn refresh(&self, stale: &[crate::stale::Stale]) {
        use crate::stale::Stale;
        if stale.contains(&Stale::Reminders) {
            // Locked, the book held in memory stays until the next unlock reads it.
            if let Ok(db) = self.vault().db().await {
                self.reminders().changed(&db, self.clock.now()).await;
            }
        }
    }

    /// Saves first, then updates the cached copy, so memory never claims a
    /// choice the disk does not hold.
    fn update_settings(
        &self,
        change: impl FnOnce(&mut Settings),
    ) -> Result<Settings, SettingsError> {
        let mut cached = self.settings.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = cached.clone();
        change(&mut next);
        self.settings_store.save(&next)?;
        *cached = next.clone();
        Ok(next)
    }

    /// The idle time after which the vault locks, if any.
    pub fn auto_lock_after(&self) -> Option<chrono::Duration> {
        self.settings()
            .auto_lock_minutes
            .map(|m| chrono::Duration::minutes(i64::from(m)))
    }

    /// Resolves once the UI has first painted, or after `at_most` if it
    /// never says so: work that can wait for the window then does not
    /// compete with it for the processor.
    pub async fn after_first_paint(&self, at_most: Duration) {
        let _ = tokio::time::timeout(at_most, self.first_paint.notified()).await;
    }

    /// Writes a start-up step to the log, as time since the process began,
    /// for `scripts/bench-startup` and the breakdown in the architecture notes.
    pub fn mark_startup(&self, step: &str) {
        startup_mark(self.started, step);
    }

    /// Records when the UI first painted, with the UI's own steps; returns
    /// the time since start-up the first time only, so a reload of the page
    /// is not counted again.
    pub fn mark_shell_ready(&self, marks: &StartupMarks) -> Option<Duration> {
        if self.shell_ready.swap(true, Ordering::SeqCst) {
            return None;
        }
        self.first_paint.notify_one();
        let elapsed = self.started.elapsed();
        // The UI's times are wall-clock; the process began `elapsed` ago.
        let began = self.clock.now().timestamp_millis() as f64 - elapsed.as_secs_f64() * 1000.0;
        for (step, at) in [
            ("ui script", marks.script_at),
            ("ui modules", marks.modules_at),
            ("ui shell", marks.shell_at),
            ("ui answered", marks.answered_at),
            ("ui settings", marks.settings_at),
            ("ui vault status", marks.vault_at),
            ("ui mounted", marks.mounted_at),
            ("ui painted", marks.painted_at),
        ] {
            let after_ms = (at - began).max(0.0) as u64;
            tracing::info!(after_ms, "start-up {step}");
        }
        tracing::info!(
            elapsed_ms = elapsed.as_millis() as u64,
            unix_ms = self.clock.now().timestamp_millis(),
            "shell interactive"
        );
        Some(elapsed)
    }
}

/// The one-off reminders' sources the running app reads, in one place: each
/// capability implements `OccasionSource`, and only this list names them.
pub fn occasion_sources() -> Vec<Arc<dyn crate::reminders::OccasionSource>> {
    vec![
        Arc::new(crate::practice::HomeworkSource),
        Arc::new(crate::safety::SelfCheckSource),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;

    fn state(dir: &std::path::Path) -> AppState {
        let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
        AppState::new(
            AppPaths::new(dir),
            Arc::new(SystemClock),
            Keyring::with_store(store),
            Instant::now(),
        )
    }

    #[test]
    fn shell_ready_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let state = state(dir.path());
        let marks = StartupMarks::default();
        assert!(state.mark_shell_ready(&marks).is_some());
        assert!(state.mark_shell_ready(&marks).is_none());
    }

    #[tokio::test]
    async fn work_after_the_first_paint_waits_for_it_but_not_for_ever() {
        let dir = tempfile::tempdir().unwrap();
        let state = state(dir.path());
        let limit = Duration::from_millis(200);
        let began = Instant::now();
        state.after_first_paint(limit).await;
        assert!(began.elapsed() >= limit, "no paint: waits for the limit");

        state.mark_shell_ready(&StartupMarks::default());
        let painted = Instant::now();
        state.after_first_paint(Duration::from_secs(60)).await;
        assert!(
            painted.elapsed() < Duration::from_secs(5),
            "painted: at once"
        );
    }

    #[test]
    fn language_choice_replaces_a_damaged_settings_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("settings.json"), b"\0\0").unwrap();
        let state = state(dir.path());
        assert_eq!(state.settings(), Settings::default());
        let saved = state.set_language(Language::Es).unwrap();
        assert_eq!(saved.language, Language::Es);
        let reread = SettingsStore::new(dir.path().join("settings.json"))
            .load()
            .unwrap();
        assert_eq!(reread.language, Language::Es);
    }

    #[tokio::test]
    async fn auto_lock_accepts_never_and_sane_minutes_only() {
        let dir = tempfile::tempdir().unwrap();
        let state = state(dir.path());
        assert_eq!(state.auto_lock_after(), Some(chrono::Duration::minutes(5)));
        assert_eq!(
            state.set_auto_lock(Some(0)).await.unwrap_err().code(),
            "invalid_setting"
        );
        assert_eq!(
            state.set_auto_lock(Some(100_000)).await.unwrap_err().code(),
            "invalid_setting"
        );
        state.set_auto_lock(None).await.unwrap();
        assert_eq!(state.auto_lock_after(), None);
        state.set_auto_lock(Some(15)).await.unwrap();
        assert_eq!(state.auto_lock_after(), Some(chrono::Duration::minutes(15)));
    }

    /// At the lock screen the vault may be made to lock sooner, never later
    /// nor never, and the clinic's phone in Need help now stays as it is.
    #[tokio::test(flavor = "multi_thread")]
    async fn while_locked_nothing_weakens_protection() {
        let dir = tempfile::tempdir().unwrap();
        let state = state(dir.path());
        state
            .vault()
            .create(&crate::logging::Sensitive::new(
                "lantern orchard velvet tide".to_owned(),
            ))
            .await
            .unwrap();
        state.vault().lock().await;
        for weaker in [Some(30), None] {
            assert_eq!(
                state.set_auto_lock(weaker).await.unwrap_err().code(),
                "locked",
                "{weaker:?}"
            );
        }
        state.set_auto_lock(Some(2)).await.unwrap();
        assert_eq!(state.auto_lock_after(), Some(chrono::Duration::minutes(2)));
        let contact = crate::settings::HelpContact {
            name: "Not my clinic".into(),
            phone: "555 0100".into(),
            hours: String::new(),
            from_clinic: false,
        };
        assert_eq!(
            state
                .set_help_contact(Some(contact))
                .await
                .unwrap_err()
                .code(),
            "locked"
        );
        assert_eq!(state.settings().help_contact, None);
    }
}
