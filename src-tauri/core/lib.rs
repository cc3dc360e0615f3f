//! Alongside's core: every capability as plain Rust, without Tauri. This
//! crate does not depend on `tauri`, so the compiler refuses a window, a
//! command or an event in here; the app crate (`src-tauri/`) holds those.
//! See docs/ARCHITECTURE.md.

pub mod app_state;
pub mod clinic;
pub mod clipboard;
pub mod clock;
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
pub mod stale;
pub mod store;
pub mod transfer;
pub mod vault;
