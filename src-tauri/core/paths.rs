//! Where Alongside keeps its files. `ALONGSIDE_DATA_DIR` (or the
//! `--data-dir=PATH` argument, which wins) moves everything (database,
//! settings, logs, window state, WebView storage) so tests and demos never
//! touch a member's real profile.

use std::path::{Path, PathBuf};

pub const DATA_DIR_ENV: &str = "ALONGSIDE_DATA_DIR";
const DATA_DIR_ARG: &str = "--data-dir=";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    pub data_dir: PathBuf,
}

impl AppPaths {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
        }
    }

    /// The override from the command line or the environment, if any.
    pub fn from_launch() -> Option<Self> {
        Self::from_parts(std::env::args_os(), std::env::var_os(DATA_DIR_ENV))
    }

    fn from_parts(
        args: impl IntoIterator<Item = std::ffi::OsString>,
        env: Option<std::ffi::OsString>,
    ) -> Option<Self> {
        let from_arg = args.into_iter().find_map(|a| {
            a.to_str()
                .and_then(|a| a.strip_prefix(DATA_DIR_ARG))
                .map(PathBuf::from)
        });
        from_arg
            .or_else(|| env.map(PathBuf::from))
            .filter(|p| !p.as_os_str().is_empty())
            .map(Self::new)
    }

    pub fn log_dir(&self) -> PathBuf {
        self.data_dir.join("logs")
    }

    pub fn settings_file(&self) -> PathBuf {
        self.data_dir.join("settings.json")
    }

    pub fn window_state_file(&self) -> PathBuf {
        self.data_dir.join("window-state.json")
    }

    pub fn webview_dir(&self) -> PathBuf {
        self.data_dir.join("webview")
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_wins_over_environment() {
        let args = ["alongside", "--data-dir=/tmp/a"].map(Into::into);
        let got = AppPaths::from_parts(args, Some("/tmp/b".into())).unwrap();
        assert_eq!(got.data_dir, PathBuf::from("/tmp/a"));
        let got = AppPaths::from_parts(["alongside".into()], Some("/tmp/b".into())).unwrap();
        assert_eq!(got.data_dir, PathBuf::from("/tmp/b"));
        assert_eq!(
            AppPaths::from_parts(["alongside".into()], Some("".into())),
            None
        );
        assert_eq!(AppPaths::from_parts(["alongside".into()], None), None);
    }

    #[test]
    fn every_file_lives_under_the_data_dir() {
        let paths = AppPaths::new("/tmp/alongside-test");
        for p in [
            paths.log_dir(),
            paths.settings_file(),
            paths.window_state_file(),
            paths.webview_dir(),
        ] {
            assert!(p.starts_with("/tmp/alongside-test"), "{p:?}");
        }
    }
}
