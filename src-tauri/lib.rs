//! Alongside: a private companion between group-therapy sessions.
//!
//! This is the app crate: the window, tray and menus (`shell`), the commands
//! the UI calls (`commands`), their one declaration (`contract`) and the
//! error that crosses to the UI. Every capability lives in `alongside_core`
//! (src-tauri/core/), which cannot import Tauri. See docs/ARCHITECTURE.md.

pub mod app_origin;
pub mod commands;
pub mod contract;
pub mod error;
mod shell;

pub use shell::run;
