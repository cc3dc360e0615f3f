//! What background work is due, decided from the wall clock. The shell
//! wakes at the next due instant (at most a second away) with
//! `Clock::now()` and runs what it is handed; it never sleeps for the
//! work's own interval, because tokio's timers stop while the machine is
//! suspended and drift when the clock is set. Plain data in, plain data out, so tests step a `ManualClock`
//! through suspends and clock jumps without waiting.
//!
//! The rules, one per kind of jump:
//! - After a suspend (the clock leaps forward) each task is due once, not
//!   once per interval missed.
//! - When the clock is set back, no task waits longer than its own
//!   interval (or back-off): a next run further away than that is pulled in.
//! - A task that is running is not handed out again until it is finished.

use crate::stale::Stale;
use chrono::{DateTime, Duration, Utc};

/// The background work the shell runs for the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    /// Lock the vault if the member has been away longer than they chose.
    IdleLock,
    /// Make today's automatic backup if it is not made yet.
    DailyBackup,
    /// Bring the clinic's sessions up to date if the last sync is old.
    ClinicSync,
    /// Show the reminders that are due (the planner decides which).
    Reminders,
}

impl Task {
    const ALL: [Task; 4] = [
        Task::IdleLock,
        Task::DailyBackup,
        Task::ClinicSync,
        Task::Reminders,
    ];

    /// How often the task is looked at when all is well.
    fn every(self) -> Duration {
        match self {
            Task::IdleLock => Duration::seconds(2),
            Task::DailyBackup => Duration::seconds(60),
            Task::ClinicSync => Duration::seconds(30),
            // At least once a minute, to notice a clock set or a suspend;
            // the shell wakes it on each reminder's own second (`wake_by`).
            Task::Reminders => Duration::seconds(60),
        }
    }

    /// What a run that changed something makes stale.
    pub fn makes_stale(self) -> &'static [Stale] {
        match self {
            // New, moved and cancelled sessions; homework set or taken away.
            Task::ClinicSync => &[Stale::Reminders],
            Task::IdleLock | Task::DailyBackup | Task::Reminders => &[],
        }
    }

    /// The first look after start: the vault opens and settles first.
    fn first_after(self) -> Duration {
        match self {
            Task::IdleLock => Duration::seconds(2),
            Task::DailyBackup => Duration::seconds(15),
            Task::ClinicSync => Duration::seconds(30),
            Task::Reminders => Duration::seconds(1),
        }
    }
}

/// How a run went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, or nothing to do.
    Done,
    /// Done, and the member's data changed: what the task makes stale is
    /// refreshed.
    Changed,
    /// Failed; `wait` is how long to leave it alone (a back-off, a
    /// server's `Retry-After`, or an hour for a backup drive that is out).
    Failed { wait: std::time::Duration },
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    task: Task,
    next: DateTime<Utc>,
    /// The wait that set `next`, so a clock set back can be undone.
    wait: Duration,
    running: bool,
    failures: u32,
}

#[derive(Debug)]
pub struct Scheduler {
    slots: Vec<Slot>,
}

impl Scheduler {
    pub fn new(started: DateTime<Utc>) -> Self {
        let slots = Task::ALL
            .iter()
            .map(|&task| Slot {
                task,
                next: started + task.first_after(),
                wait: task.first_after(),
                running: false,
                failures: 0,
            })
            .collect();
        Self { slots }
    }

    /// The tasks due at `now`, marked as running.
    pub fn due(&mut self, now: DateTime<Utc>) -> Vec<Task> {
        let mut due = Vec::new();
        for slot in &mut self.slots {
            // The clock was set back: never wait longer than was meant.
            if slot.next > now + slot.wait {
                slot.next = now + slot.wait;
            }
            if !slot.running && slot.next <= now {
                slot.running = true;
                due.push(slot.task);
            }
        }
        due
    }

    /// Records how a run went and when the task is next due.
    pub fn finished(&mut self, task: Task, outcome: Outcome, now: DateTime<Utc>) {
        let Some(slot) = self.slots.iter_mut().find(|s| s.task == task) else {
            return;
        };
        slot.running = false;
        slot.wait = match outcome {
            Outcome::Done | Outcome::Changed => {
                slot.failures = 0;
                task.every()
            }
            Outcome::Failed { wait } => {
                slot.failures = slot.failures.saturating_add(1);
                Duration::from_std(wait)
                    .unwrap_or(Duration::days(1))
                    .max(task.every())
            }
        };
        slot.next = now + slot.wait;
    }

    /// Brings a task forward to `at` when that is sooner than planned (a
    /// reminder's own instant). A running task is left alone: it is planned
    /// again when it finishes.
    pub fn wake_by(&mut self, task: Task, at: DateTime<Utc>) {
        if let Some(slot) = self.slots.iter_mut().find(|s| s.task == task) {
            if !slot.running && at < slot.next {
                slot.next = at;
            }
        }
    }

    /// Failures in a row, for the task's own back-off.
    pub fn failures(&self, task: Task) -> u32 {
        self.slots
            .iter()
            .find(|s| s.task == task)
            .map_or(0, |s| s.failures)
    }

    /// When something is next due (for the log and the tests).
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.slots
            .iter()
            .filter(|s| !s.running)
            .map(|s| s.next)
            .min()
    }
}

#[cfg(test)]
mod tests;
