//! All clinic work, one piece at a time. Sign-in, sync, sending the outbox
//! and signing out each need the worker's `Turn`, and `Clinic` cannot be
//! made without one, so two of them never overlap: two syncs never renew
//! with the same refresh token (a server that rotates tokens and revokes
//! the family on reuse would sign the member out), two drains never send
//! the same item, and a disconnect waits for the round under way, after
//! which nothing of the clinic's is written back.
//!
//! Reading what is kept (the status, sessions, the ledger) needs no turn.

use tokio::sync::{Mutex, MutexGuard};

#[derive(Debug, Default)]
pub struct Worker {
    turn: Mutex<()>,
}

/// Held while one piece of clinic work runs.
#[derive(Debug)]
pub struct Turn<'a> {
    _held: MutexGuard<'a, ()>,
}

impl Worker {
    /// Waits for the work under way to finish.
    pub async fn turn(&self) -> Turn<'_> {
        Turn {
            _held: self.turn.lock().await,
        }
    }

    /// A turn now, or `None` while other work runs (the background sync
    /// then leaves it to the next tick).
    pub fn try_turn(&self) -> Option<Turn<'_>> {
        self.turn.try_lock().ok().map(|held| Turn { _held: held })
    }
}
