//! Where one-off reminders come from. Homework due dates (practice, and
//! the clinic's Tasks) and the self-check cadence (safety) each implement
//! `OccasionSource` in their own capability and are listed where the app's
//! state is put together (`app_state::occasion_sources`); the planner, the
//! held reminders and the shell stay as they are. The words of a
//! source's notification are `notifications.occasions.<name>` in the
//! translations (a generic sentence when a source has none).

use super::plan::Occasion;
use super::Result;
use crate::store::Database;
use chrono::{DateTime, Utc};
use std::future::Future;
use std::pin::Pin;

pub type Occasions<'a> = Pin<Box<dyn Future<Output = Result<Vec<Occasion>>> + Send + 'a>>;

pub trait OccasionSource: Send + Sync + std::fmt::Debug {
    /// Names the source in keys and translations; never changes.
    fn name(&self) -> &'static str;

    /// The occasions due between `from` and `to`, read from the open vault.
    fn occasions<'a>(
        &'a self,
        db: &'a Database,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Occasions<'a>;
}
