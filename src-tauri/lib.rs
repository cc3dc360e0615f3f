//! Alongside: a private companion between group-therapy sessions.
//!
//! Everything except `commands` and `shell` is plain Rust without Tauri, so
//! it can be tested without a window. See docs/ARCHITECTURE.md.

pub mod app_origin;
pub mod app_state;
pub mod clinic;
pub mod clipboard;
pub mod clock;
pub mod commands;
pub mod contract;
pub mod core_dumps;
pub mod error;
pub mod fsutil;
pub mod journal;
pub mod logging;
pub mod paths;
pub mod practice;
pub mod progress;
pub mod reminders;
pub mod safety;
pub mod scheduler;
pub mod settings;
mod shell;
pub mod stale;
pub mod store;
pub mod transfer;
pub mod vault;

pub use shell::run;
