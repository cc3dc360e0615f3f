//! Long work the member watches — an import, a restore, a backup — counts
//! its steps through a `Progress`, and stops at the next step when the
//! member calls it off. Until the work commits nothing it wrote is kept, so
//! calling off is offered only while that is true.

use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TransferJob {
    Import,
    Restore,
    Backup,
}

/// What is being counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ProgressUnit {
    Entries,
    Bytes,
}

/// Sent to the window with the `transfer-progress` event. `total` 0 means
/// the size is not known yet (a backup still being decrypted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferProgress {
    pub job: TransferJob,
    pub done: u32,
    pub total: u32,
    pub unit: ProgressUnit,
    pub cancellable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the member called the work off")]
pub struct Cancelled;

type Report = Arc<dyn Fn(TransferProgress) + Send + Sync>;

/// Cloning shares the count, so work handed to a blocking thread reports
/// into the same one.
#[derive(Clone)]
pub struct Progress(Arc<Shared>);

struct Shared {
    report: Option<(TransferJob, Report)>,
    cancel: Arc<AtomicBool>,
    /// The last percentage sent, so a 10,000-step job sends about a hundred events.
    sent: AtomicU32,
}

impl Progress {
    /// Work nobody watches (the daily backup): counts nothing, never stops.
    pub fn unwatched() -> Self {
        Self(Arc::new(Shared {
            report: None,
            cancel: Arc::new(AtomicBool::new(false)),
            sent: AtomicU32::new(u32::MAX),
        }))
    }

    pub fn new(job: TransferJob, cancel: Arc<AtomicBool>, report: Report) -> Self {
        Self(Arc::new(Shared {
            report: Some((job, report)),
            cancel,
            sent: AtomicU32::new(u32::MAX),
        }))
    }

    /// Fails once the member has called the work off.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.0.cancel.load(Ordering::SeqCst) {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// `done` of `total` so far, while calling off is still possible.
    pub fn step(&self, done: usize, total: usize, unit: ProgressUnit) -> Result<(), Cancelled> {
        self.check()?;
        let percent = (done.min(total) * 100).checked_div(total).unwrap_or(0) as u32;
        // Always the first and the last; in between, once per percent.
        if done == 0 || done >= total || self.0.sent.swap(percent, Ordering::Relaxed) != percent {
            self.send(done, total, unit, true);
        }
        Ok(())
    }

    /// The point of no return: what was done is being committed.
    pub fn committing(&self, total: usize, unit: ProgressUnit) {
        self.send(total, total, unit, false);
    }

    fn send(&self, done: usize, total: usize, unit: ProgressUnit, cancellable: bool) {
        if let Some((job, report)) = &self.0.report {
            report(TransferProgress {
                job: *job,
                done: u32::try_from(done).unwrap_or(u32::MAX),
                total: u32::try_from(total).unwrap_or(u32::MAX),
                unit,
                cancellable,
            });
        }
    }
}

/// The one transfer the member may call off. A new job replaces the flag,
/// so calling off an old job can never stop a new one.
#[derive(Default)]
pub struct CurrentTransfer {
    cancel: Mutex<Option<Arc<AtomicBool>>>,
}

impl CurrentTransfer {
    /// The flag for a job that starts now.
    pub fn begin(&self) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        *self.lock() = Some(flag.clone());
        flag
    }

    pub fn end(&self, flag: &Arc<AtomicBool>) {
        let mut current = self.lock();
        if current.as_ref().is_some_and(|c| Arc::ptr_eq(c, flag)) {
            *current = None;
        }
    }

    /// Whether a running job was asked to stop.
    pub fn cancel(&self) -> bool {
        match self.lock().as_ref() {
            Some(flag) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<AtomicBool>>> {
        // Plain data; a panic elsewhere leaves it usable.
        self.cancel.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched(cancel: Arc<AtomicBool>) -> (Progress, Arc<Mutex<Vec<TransferProgress>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let report: Report = Arc::new(move |p| sink.lock().unwrap().push(p));
        (Progress::new(TransferJob::Import, cancel, report), seen)
    }

    #[test]
    fn ten_thousand_steps_send_about_a_hundred_reports_first_and_last_included() {
        let (progress, seen) = watched(Arc::new(AtomicBool::new(false)));
        for done in 0..=10_000 {
            progress.step(done, 10_000, ProgressUnit::Entries).unwrap();
        }
        progress.committing(10_000, ProgressUnit::Entries);
        let seen = seen.lock().unwrap();
        assert!((100..=104).contains(&seen.len()), "{}", seen.len());
        assert_eq!((seen[0].done, seen[0].total), (0, 10_000));
        let last = seen.last().unwrap();
        assert_eq!((last.done, last.cancellable), (10_000, false));
        assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
    }

    #[test]
    fn calling_off_stops_the_next_step_and_only_the_current_job() {
        let current = CurrentTransfer::default();
        assert!(!current.cancel(), "nothing running");
        let old = current.begin();
        current.end(&old);
        let flag = current.begin();
        let (progress, _) = watched(flag.clone());
        progress.step(1, 10, ProgressUnit::Entries).unwrap();
        // Ending the old job later does not forget the new one.
        current.end(&old);
        assert!(current.cancel());
        assert_eq!(progress.step(2, 10, ProgressUnit::Entries), Err(Cancelled));
        assert!(!old.load(Ordering::SeqCst));
        current.end(&flag);
        assert!(!current.cancel());
    }
}
