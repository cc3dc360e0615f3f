//! What each command does: unpack its arguments, call a module, map the
//! error. Generic over `R: Runtime` where they need the app, so tests can
//! drive them with the mock runtime. The commands themselves (names and
//! arguments as the UI sees them) are declared in `contract`.

pub mod clinic;
pub mod journal;
pub mod practice;
pub mod reminders;
pub mod safety;
pub mod settings;
pub mod shell;
pub mod transfer;
pub mod vault;

pub use transfer::PathKind;
