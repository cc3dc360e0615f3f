//! The reminders as the running app holds them: the planner, the `Book`
//! from the last unlock, and what was shown while the vault was locked and
//! not yet written to the log. Locking keeps the book (times only, no
//! titles or links), so session reminders still come — with generic text;
//! the `standby` file carries the same across a restart.

use super::plan::{Book, Occasion, Planner, Reminder, Snooze, Verdict, What, HORIZON};
use super::sources::OccasionSource;
use super::standby::{Standby, StandbyFile};
use super::store::{Overview, Reminders, Upcoming};
use super::Result;
use crate::error::Coded;
use crate::store::Database;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// How far back the log is read into memory at unlock.
const REMEMBERED: Duration = Duration::days(60);

#[derive(Debug)]
struct Held {
    planner: Planner,
    book: Book,
    /// Verdicts the log has not had yet (shown while locked).
    unwritten: Vec<Verdict>,
    /// Whether the book came from the member's data in this run.
    loaded: bool,
    /// When it was last read; `None` after the vault closed, so the next
    /// open reads it again.
    read_at: Option<DateTime<Utc>>,
    written_at: Option<DateTime<Utc>>,
    /// Whether the desktop's notification service answered last time.
    desktop: Option<bool>,
    standby_read: bool,
}

#[derive(Debug)]
pub struct HeldReminders {
    held: Mutex<Held>,
    standby: Option<StandbyFile>,
    sources: Vec<Arc<dyn OccasionSource>>,
}

impl Default for HeldReminders {
    fn default() -> Self {
        Self::new()
    }
}

impl HeldReminders {
    pub fn with_standby(file: StandbyFile) -> Self {
        Self {
            standby: Some(file),
            ..Self::new()
        }
    }

    pub fn with_sources(self, sources: Vec<Arc<dyn OccasionSource>>) -> Self {
        Self { sources, ..self }
    }

    pub fn new() -> Self {
        Self {
            standby: None,
            sources: Vec::new(),
            held: Mutex::new(Held {
                planner: Planner::new(None, HashSet::new()),
                book: Book::default(),
                unwritten: Vec::new(),
                loaded: false,
                read_at: None,
                written_at: None,
                desktop: None,
                standby_read: false,
            }),
        }
    }

    fn held(&self) -> std::sync::MutexGuard<'_, Held> {
        // A panic elsewhere while holding the lock leaves plain data behind.
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reads the member's reminders after an unlock or a change, and
    /// writes what was shown while locked.
    pub async fn load(&self, db: &Database, now: DateTime<Utc>) -> Result<()> {
        let store = Reminders::new(db);
        let unwritten = std::mem::take(&mut self.held().unwritten);
        if let Err(e) = store.record(&unwritten, now).await {
            self.held().unwritten.extend(unwritten);
            return Err(e);
        }
        let mut book = store.book(now).await?;
        book.occasions = self.occasions(db, now).await;
        let handled = store.handled_since(now - REMEMBERED).await?;
        let last_checked = if self.held().loaded {
            None
        } else {
            store.last_checked().await?
        };
        {
            let mut held = self.held();
            held.planner.remember(handled);
            if let Some(at) = last_checked {
                held.planner.resume_from(at);
            }
            held.book = book;
            held.loaded = true;
            held.read_at = Some(now);
        }
        self.save_standby(now).await;
        Ok(())
    }

    /// What the other capabilities ask to be reminded of. A source that
    /// cannot be read is left out this time; the rest still come.
    async fn occasions(&self, db: &Database, now: DateTime<Utc>) -> Vec<Occasion> {
        let mut out = Vec::new();
        for source in &self.sources {
            match source
                .occasions(db, now - HORIZON, now + HORIZON + HORIZON)
                .await
            {
                Ok(found) => out.extend(found.into_iter().map(|o| Occasion {
                    source: source.name().to_owned(),
                    ..o
                })),
                Err(e) => tracing::warn!(
                    source = source.name(),
                    code = e.code().as_str(),
                    "a reminder source could not be read"
                ),
            }
        }
        out
    }

    /// After a restart, before the first unlock: the session reminders the
    /// standby file holds. Read once per run.
    pub async fn load_standby(&self) {
        let Some(file) = self.standby.clone() else {
            return;
        };
        {
            let mut held = self.held();
            if held.loaded || held.standby_read {
                return;
            }
            held.standby_read = true;
        }
        let read = tokio::task::spawn_blocking(move || file.read()).await;
        if let Ok(Some(standby)) = read {
            let mut held = self.held();
            if !held.loaded {
                held.planner.remember(standby.handled);
                held.planner.resume_from(standby.checked_at);
                held.book = standby.book;
            }
        }
    }

    async fn save_standby(&self, now: DateTime<Utc>) {
        let Some(file) = self.standby.clone() else {
            return;
        };
        let standby = {
            let held = self.held();
            Standby::of(&held.book, held.planner.handled_keys(), now)
        };
        match tokio::task::spawn_blocking(move || file.write(&standby)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::info!("no standby file for locked reminders: {e}"),
            Err(_) => tracing::warn!("the standby file's writer stopped"),
        }
    }

    /// A new vault: the times an earlier one left for the lock screen, and
    /// their key, go (blocking: the keyring is asked over D-Bus).
    pub fn forget_standby(&self) {
        if let Some(file) = &self.standby {
            file.remove();
        }
    }

    /// The book is read at each unlock, after a change, and hourly (so
    /// new weeks of a series come into view).
    pub fn needs_load(&self, now: DateTime<Utc>) -> bool {
        self.held()
            .read_at
            .is_none_or(|at| now < at || now - at > Duration::hours(1))
    }

    /// The member changed a reminder: read it into memory at once, so one
    /// saved just before the vault locks still comes. A failed read is
    /// tried again on the next tick.
    pub async fn changed(&self, db: &Database, now: DateTime<Utc>) {
        self.held().read_at = None;
        if let Err(e) = self.load(db, now).await {
            tracing::warn!(code = e.code().as_str(), "reminders could not be read");
        }
    }

    /// Everything the reminder screens show.
    pub async fn overview(&self, db: &Database, now: DateTime<Utc>, zone: Tz) -> Result<Overview> {
        if self.needs_load(now) {
            self.load(db, now).await?;
        }
        let store = Reminders::new(db);
        let upcoming = self
            .upcoming(now, zone)
            .into_iter()
            .map(|r| Upcoming {
                key: r.key,
                due: crate::clock::stamp(r.due),
                what: r.what,
            })
            .collect();
        Ok(Overview {
            preferences: store.preferences().await?,
            series: store.series().await?,
            routines: store.routines().await?,
            upcoming,
            missed: store.missed_unseen().await?,
            desktop_notifications: self.desktop_available(),
        })
    }

    pub fn vault_closed(&self) {
        self.held().read_at = None;
    }

    /// Whether it is time to write the last tick down again.
    pub fn checkpoint_due(&self, now: DateTime<Utc>, every: Duration) -> bool {
        self.held()
            .written_at
            .is_none_or(|at| now < at || now - at >= every)
    }

    pub fn set_desktop_available(&self, available: bool) {
        self.held().desktop = Some(available);
    }

    /// `None` until a reminder has been shown in this run.
    pub fn desktop_available(&self) -> Option<bool> {
        self.held().desktop
    }

    /// What is due now. Verdicts are kept for `record`.
    pub fn tick(&self, now: DateTime<Utc>, zone: Tz) -> Vec<Verdict> {
        let mut held = self.held();
        let Held { planner, book, .. } = &mut *held;
        let verdicts = planner.tick(now, zone, book);
        held.unwritten.extend(verdicts.iter().cloned());
        verdicts
    }

    /// Writes pending verdicts to the log when the vault is open.
    pub async fn record(&self, db: &Database, now: DateTime<Utc>) -> Result<()> {
        let pending = std::mem::take(&mut self.held().unwritten);
        self.held().written_at = Some(now);
        if pending.is_empty() {
            return Reminders::new(db).set_last_checked(now).await;
        }
        match Reminders::new(db).record(&pending, now).await {
            Ok(()) => {
                self.save_standby(now).await;
                Reminders::new(db).set_last_checked(now).await
            }
            Err(e) => {
                self.held().unwritten.extend(pending);
                Err(e)
            }
        }
    }

    /// The reminders still to come, soonest first.
    pub fn upcoming(&self, now: DateTime<Utc>, zone: Tz) -> Vec<Reminder> {
        let held = self.held();
        held.planner.upcoming(now, zone, &held.book)
    }

    /// When the next reminder is due, so the shell can wake just then.
    pub fn next_due(&self, now: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
        self.upcoming(now, zone).first().map(|r| r.due)
    }

    /// Snoozes a shown reminder until `until` (a session's, at most until
    /// it starts). Kept in memory at once; `store` writes it when open.
    pub fn snooze(&self, reminder: &Reminder, until: DateTime<Utc>) -> Snooze {
        let until = match reminder.what {
            What::Session { starts_at, .. } => until.min(starts_at),
            What::Routine { .. } | What::Occasion { .. } => until,
        };
        let snooze = Snooze {
            key: reminder.key.clone(),
            until,
            what: reminder.what.clone(),
        };
        let mut held = self.held();
        held.book.snoozes.retain(|s| s.key != snooze.key);
        held.book.snoozes.push(snooze.clone());
        snooze
    }

    /// A reminder shown in this run, by key (for a notification's action).
    pub fn find(&self, key: &str, now: DateTime<Utc>, zone: Tz) -> Option<Reminder> {
        let held = self.held();
        let base = key.split('~').next().unwrap_or(key);
        held.planner
            .recent(now, zone, &held.book)
            .into_iter()
            .find(|r| r.key == key || r.key == base)
    }
}
