//! What a change makes stale, declared once beside the change and applied
//! in one place. A command declares it on its line in `contract/`
//! (`stale [Reminders]`), a background task in `scheduler::Task::makes_stale`;
//! `AppState::refresh` applies it after the change has been written. So a new
//! command or task that changes what reminders read cannot forget to tell
//! them: it says so where it is declared, or the review of that one line
//! does.

/// Something held in memory that a change on disk can make out of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// The reminder book: sessions (the clinic's and the member's own),
    /// routines, lead times and quiet hours, homework due dates and the
    /// self-check cadence. The tray's "next session" reads the same book.
    Reminders,
}
