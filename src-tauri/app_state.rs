//! What every command can reach: where data lives, the clock and the
//! settings. Later the vault, scheduler and sync handles join it.

use crate::clock::Clock;
use crate::paths::AppPaths;
use crate::settings::{Language, Settings, SettingsStore};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
}

pub struct AppState {
    paths: AppPaths,
    clock: Arc<dyn Clock>,
    settings: SettingsStore,
    started: Instant,
    shell_ready: AtomicBool,
}

impl AppState {
    pub fn new(paths: AppPaths, clock: Arc<dyn Clock>, started: Instant) -> Self {
        let settings = SettingsStore::new(paths.settings_file());
        Self {
            paths,
            clock,
            settings,
            started,
            shell_ready: AtomicBool::new(false),
        }
    }

    pub fn paths(&self) -> &AppPaths {
        &self.paths
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.paths.data_dir().display().to_string(),
        }
    }

    pub fn settings(&self) -> crate::settings::Result<Settings> {
        self.settings.load()
    }

    pub fn set_language(&self, language: Language) -> crate::settings::Result<Settings> {
        // A damaged file is replaced only by an explicit choice of the member.
        let mut settings = self.settings.load().unwrap_or_default();
        settings.language = language;
        self.settings.save(&settings)?;
        Ok(settings)
    }

    /// Records when the UI first painted; returns the time since start-up
    /// the first time only, so a reload of the page is not counted again.
    pub fn mark_shell_ready(&self) -> Option<Duration> {
        if self.shell_ready.swap(true, Ordering::SeqCst) {
            return None;
        }
        let elapsed = self.started.elapsed();
        tracing::info!(
            elapsed_ms = elapsed.as_millis() as u64,
            unix_ms = self.clock.now().timestamp_millis(),
            "shell interactive"
        );
        Some(elapsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;

    #[test]
    fn shell_ready_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(
            AppPaths::new(dir.path()),
            Arc::new(SystemClock),
            Instant::now(),
        );
        assert!(state.mark_shell_ready().is_some());
        assert!(state.mark_shell_ready().is_none());
    }

    #[test]
    fn language_choice_survives_a_damaged_settings_file() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(
            AppPaths::new(dir.path()),
            Arc::new(SystemClock),
            Instant::now(),
        );
        std::fs::write(state.paths().settings_file(), b"\0\0").unwrap();
        assert_eq!(state.settings().unwrap_err().code(), "settings_damaged");
        let saved = state.set_language(Language::Es).unwrap();
        assert_eq!(saved.language, Language::Es);
        assert_eq!(state.settings().unwrap().language, Language::Es);
    }
}
