use super::*;
use crate::clock::{Clock, ManualClock};
use chrono::TimeZone;
use std::collections::HashMap;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 28, 23, 0, 0).unwrap()
}

/// Ticks every two seconds for `span`, finishing each task at once with
/// `outcome`; counts the runs.
fn run_for(
    scheduler: &mut Scheduler,
    clock: &ManualClock,
    span: Duration,
    outcome: impl Fn(Task) -> Outcome,
) -> HashMap<Task, u32> {
    let mut runs = HashMap::new();
    let end = clock.now() + span;
    while clock.now() < end {
        clock.advance(Duration::seconds(2));
        for task in scheduler.due(clock.now()) {
            *runs.entry(task).or_insert(0) += 1;
            scheduler.finished(task, outcome(task), clock.now());
        }
    }
    runs
}

#[test]
fn each_task_runs_at_its_own_pace() {
    let clock = ManualClock::new(start());
    let mut scheduler = Scheduler::new(clock.now());
    let runs = run_for(&mut scheduler, &clock, Duration::minutes(10), |_| {
        Outcome::Done
    });
    assert_eq!(runs[&Task::IdleLock], 300);
    assert_eq!(runs[&Task::ClinicSync], 20, "{runs:?}");
    assert_eq!(runs[&Task::DailyBackup], 10, "{runs:?}");
}

#[test]
fn after_three_days_suspended_each_task_runs_once() {
    let clock = ManualClock::new(start());
    let mut scheduler = Scheduler::new(clock.now());
    run_for(&mut scheduler, &clock, Duration::minutes(1), |_| {
        Outcome::Done
    });

    clock.advance(Duration::days(3));
    let mut woke = scheduler.due(clock.now());
    woke.sort_by_key(|t| format!("{t:?}"));
    assert_eq!(
        woke,
        vec![
            Task::ClinicSync,
            Task::DailyBackup,
            Task::IdleLock,
            Task::Reminders
        ]
    );
    // Handed out once: still running, so not again on the next tick.
    clock.advance(Duration::seconds(2));
    assert!(scheduler.due(clock.now()).is_empty());
}

#[test]
fn a_clock_set_back_an_hour_delays_nothing() {
    let clock = ManualClock::new(start());
    let mut scheduler = Scheduler::new(clock.now());
    run_for(&mut scheduler, &clock, Duration::minutes(2), |_| {
        Outcome::Done
    });

    clock.set(clock.now() - Duration::hours(1));
    let runs = run_for(&mut scheduler, &clock, Duration::minutes(2), |_| {
        Outcome::Done
    });
    assert!(runs[&Task::DailyBackup] >= 1, "{runs:?}");
    assert!(runs[&Task::ClinicSync] >= 3, "{runs:?}");
    assert!(runs[&Task::IdleLock] >= 59, "{runs:?}");
}

#[test]
fn a_failure_waits_as_long_as_asked_and_success_resets() {
    let clock = ManualClock::new(start());
    let mut scheduler = Scheduler::new(clock.now());
    let hour = std::time::Duration::from_secs(3600);
    let runs = run_for(&mut scheduler, &clock, Duration::minutes(150), |task| {
        if task == Task::DailyBackup {
            Outcome::Failed { wait: hour }
        } else {
            Outcome::Done
        }
    });
    // At 15 s, then an hour later, then another.
    assert_eq!(runs[&Task::DailyBackup], 3, "{runs:?}");
    assert_eq!(scheduler.failures(Task::DailyBackup), 3);

    clock.advance(Duration::hours(1));
    for task in scheduler.due(clock.now()) {
        scheduler.finished(task, Outcome::Done, clock.now());
    }
    assert_eq!(scheduler.failures(Task::DailyBackup), 0);
}

#[test]
fn a_long_back_off_survives_the_clock_going_back() {
    let clock = ManualClock::new(start());
    let mut scheduler = Scheduler::new(clock.now());
    clock.advance(Duration::seconds(30));
    for task in scheduler.due(clock.now()) {
        let outcome = match task {
            Task::ClinicSync => Outcome::Failed {
                wait: std::time::Duration::from_secs(600),
            },
            _ => Outcome::Done,
        };
        scheduler.finished(task, outcome, clock.now());
    }
    // Set back a day: the sync still waits its ten minutes, no more.
    clock.set(clock.now() - Duration::days(1));
    let runs = run_for(&mut scheduler, &clock, Duration::minutes(9), |_| {
        Outcome::Done
    });
    assert!(!runs.contains_key(&Task::ClinicSync), "{runs:?}");
    let runs = run_for(&mut scheduler, &clock, Duration::minutes(2), |_| {
        Outcome::Done
    });
    assert!(runs.contains_key(&Task::ClinicSync), "{runs:?}");
}

#[test]
fn a_task_still_running_is_not_handed_out_again() {
    let clock = ManualClock::new(start());
    let mut scheduler = Scheduler::new(clock.now());
    clock.advance(Duration::seconds(30));
    let first = scheduler.due(clock.now());
    assert!(first.contains(&Task::ClinicSync));
    clock.advance(Duration::minutes(5));
    assert!(!scheduler.due(clock.now()).contains(&Task::ClinicSync));
    scheduler.finished(Task::ClinicSync, Outcome::Done, clock.now());
    assert_eq!(
        scheduler
            .next_due()
            .map(|t| t <= clock.now() + Duration::seconds(30)),
        Some(true)
    );
}

#[tokio::test]
async fn the_members_day_follows_a_zone_change_without_a_restart() {
    // The daily backup's "today" is the journal's local day, asked of the
    // clock on each run: 23:30 in London is already tomorrow in Tokyo.
    let clock = ManualClock::in_zone(start() + Duration::minutes(30), chrono_tz::Europe::London);
    let (_home, db) = crate::store::scratch_database().await;
    let journal = crate::journal::Journal::new(&db, &clock);
    assert_eq!(journal.local_day(clock.now()).to_string(), "2026-03-28");
    clock.set_zone(chrono_tz::Asia::Tokyo);
    assert_eq!(journal.local_day(clock.now()).to_string(), "2026-03-29");
}

#[test]
fn a_reminder_wakes_its_task_on_its_own_instant_and_no_later_one_delays_it() {
    let clock = ManualClock::new(start());
    let mut scheduler = Scheduler::new(clock.now());
    run_for(&mut scheduler, &clock, Duration::seconds(10), |_| {
        Outcome::Done
    });
    let due = clock.now() + Duration::milliseconds(20_250);

    scheduler.wake_by(Task::Reminders, due);
    scheduler.wake_by(Task::Reminders, due + Duration::seconds(5));
    assert_eq!(
        scheduler.next_due(),
        Some(clock.now() + Duration::seconds(2))
    );
    clock.set(due - Duration::milliseconds(1));
    assert!(!scheduler.due(clock.now()).contains(&Task::Reminders));
    clock.set(due);
    assert!(scheduler.due(clock.now()).contains(&Task::Reminders));

    // Running, it is not moved; finished, it waits its minute unless woken.
    scheduler.wake_by(Task::Reminders, due);
    scheduler.finished(Task::Reminders, Outcome::Done, clock.now());
    let planned = scheduler
        .slots
        .iter()
        .find(|s| s.task == Task::Reminders)
        .map(|s| s.next);
    assert_eq!(planned, Some(due + Duration::seconds(60)));
}
