//! The planner stepped through a ManualClock: suspends, clocks set back,
//! zone changes and restarts, with no real waiting.

use super::*;
use crate::clock::{Clock, ManualClock};
use crate::reminders::routine::{Routine, RoutineKind};
use chrono::{NaiveTime, TimeZone};
use chrono_tz::{America::New_York, Europe::Madrid};

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn madrid(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Madrid
        .with_ymd_and_hms(2026, 12, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// A session on Tuesday 8 December 18:00 Madrid, reminded 1 day and 15
/// minutes before.
fn book() -> Book {
    Book {
        sessions: vec![UpcomingSession {
            key: "hand:tue:2026-12-08".into(),
            starts_at: madrid(8, 18, 0),
            allowed_in_quiet_hours: false,
        }],
        leads: vec![24 * 60, 15],
        ..Book::default()
    }
}

fn practice_at(h: u32, m: u32) -> Routine {
    Routine {
        id: "p".into(),
        kind: RoutineKind::Practice,
        time: hm(h, m),
        weekdays: Vec::new(),
        enabled: true,
    }
}

/// Ticks every `step` from the clock's time until `until`, collecting.
fn run(
    planner: &mut Planner,
    clock: &ManualClock,
    book: &Book,
    until: DateTime<Utc>,
    step: Duration,
) -> Vec<Verdict> {
    let mut all = Vec::new();
    while clock.now() < until {
        clock.advance(step);
        all.extend(planner.tick(clock.now(), clock.zone(), book));
    }
    all
}

fn shown(verdicts: &[Verdict]) -> Vec<(String, DateTime<Utc>)> {
    verdicts
        .iter()
        .filter_map(|v| match v {
            Verdict::Show(r) => Some((r.key.clone(), r.due)),
            Verdict::Missed(_) => None,
        })
        .collect()
}

fn missed(verdicts: &[Verdict]) -> Vec<String> {
    verdicts
        .iter()
        .filter_map(|v| match v {
            Verdict::Missed(r) => Some(r.key.clone()),
            Verdict::Show(_) => None,
        })
        .collect()
}

#[test]
fn each_reminder_comes_once_on_its_tick() {
    let clock = ManualClock::in_zone(madrid(7, 17, 0), Madrid);
    let mut planner = Planner::new(None, HashSet::new());
    let book = book();
    planner.tick(clock.now(), clock.zone(), &book);
    let all = run(
        &mut planner,
        &clock,
        &book,
        madrid(8, 19, 0),
        Duration::seconds(1),
    );
    assert_eq!(
        shown(&all),
        [
            ("hand:tue:2026-12-08@1440".to_string(), madrid(7, 18, 0)),
            ("hand:tue:2026-12-08@15".to_string(), madrid(8, 17, 45)),
        ]
    );
    assert!(missed(&all).is_empty());
}

#[test]
fn after_a_three_day_suspend_only_the_nearest_reminder_of_a_coming_session_shows() {
    let clock = ManualClock::in_zone(madrid(5, 12, 0), Madrid);
    let mut planner = Planner::new(None, HashSet::new());
    let book = book();
    planner.tick(clock.now(), clock.zone(), &book);
    // Asleep from Saturday noon to Tuesday 17:50: both reminders fell due.
    clock.set(madrid(8, 17, 50));
    let woke = planner.tick(clock.now(), clock.zone(), &book);
    assert_eq!(
        shown(&woke),
        [("hand:tue:2026-12-08@15".to_string(), madrid(8, 17, 45))]
    );
    assert_eq!(missed(&woke), ["hand:tue:2026-12-08@1440"]);
    // A wake after the session began shows nothing for it.
    let clock = ManualClock::in_zone(madrid(5, 12, 0), Madrid);
    let mut planner = Planner::new(None, HashSet::new());
    planner.tick(clock.now(), clock.zone(), &book);
    clock.set(madrid(8, 18, 5));
    let woke = planner.tick(clock.now(), clock.zone(), &book);
    assert!(shown(&woke).is_empty());
    assert_eq!(missed(&woke).len(), 2);
}

#[test]
fn a_clock_set_back_an_hour_fires_nothing_twice() {
    let clock = ManualClock::in_zone(madrid(8, 17, 40), Madrid);
    let mut planner = Planner::new(None, HashSet::new());
    let mut book = book();
    book.routines.push(practice_at(17, 50));
    planner.tick(clock.now(), clock.zone(), &book);
    let first = run(
        &mut planner,
        &clock,
        &book,
        madrid(8, 18, 0),
        Duration::seconds(1),
    );
    assert_eq!(shown(&first).len(), 2, "15-minute reminder and practice");
    clock.set(madrid(8, 17, 0));
    let again = run(
        &mut planner,
        &clock,
        &book,
        madrid(8, 19, 0),
        Duration::seconds(1),
    );
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn a_restart_mid_series_neither_repeats_nor_forgets() {
    let clock = ManualClock::in_zone(madrid(7, 17, 0), Madrid);
    let book = book();
    let mut planner = Planner::new(None, HashSet::new());
    planner.tick(clock.now(), clock.zone(), &book);
    let before = run(
        &mut planner,
        &clock,
        &book,
        madrid(7, 18, 30),
        Duration::seconds(1),
    );
    assert_eq!(shown(&before).len(), 1);
    let log: HashSet<String> = before.iter().map(|v| v.reminder().key.clone()).collect();
    // Closed at 18:30 on Monday, opened again Tuesday 17:46: the 15-minute
    // reminder fell due while closed and the session has not begun.
    let last_checked = clock.now();
    clock.set(madrid(8, 17, 46));
    let mut planner = Planner::new(Some(last_checked), log);
    let after = planner.tick(clock.now(), clock.zone(), &book);
    assert_eq!(
        shown(&after),
        [("hand:tue:2026-12-08@15".to_string(), madrid(8, 17, 45))]
    );
    assert!(missed(&after).is_empty());
}

#[test]
fn a_zone_change_moves_the_next_practice_without_a_restart() {
    // 05:00 in New York is 11:00 in Madrid. Practice at 09:00 on the
    // member's clock.
    let start = New_York
        .with_ymd_and_hms(2026, 12, 2, 5, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let clock = ManualClock::in_zone(start, New_York);
    let book = Book {
        routines: vec![practice_at(9, 0)],
        ..Book::default()
    };
    let mut planner = Planner::new(None, HashSet::new());
    planner.tick(clock.now(), clock.zone(), &book);
    let next = planner.upcoming(clock.now(), clock.zone(), &book);
    assert_eq!(next[0].due.with_timezone(&New_York).time(), hm(9, 0));

    // Flying east: the clock now reads 11:00, past 09:00. It comes at once.
    clock.set_zone(Madrid);
    clock.advance(Duration::seconds(1));
    let moved = planner.tick(clock.now(), clock.zone(), &book);
    assert_eq!(
        shown(&moved),
        [("routine:p:2026-12-02".to_string(), clock.now())]
    );
    let next = planner.upcoming(clock.now(), clock.zone(), &book);
    assert_eq!(
        next[0].due.with_timezone(&Madrid).to_string()[..16],
        *"2026-12-03 09:00"
    );

    // And back west the same day: 09:00 New York is not shown again.
    clock.set_zone(New_York);
    let rest = run(
        &mut planner,
        &clock,
        &book,
        start + Duration::hours(10),
        Duration::seconds(5),
    );
    assert!(shown(&rest).is_empty(), "{rest:?}");
}

#[test]
fn quiet_hours_hold_reminders_unless_a_session_allows_them() {
    let quiet = QuietHours {
        start: hm(22, 0),
        end: hm(8, 0),
    };
    let mut book = Book {
        sessions: vec![UpcomingSession {
            key: "early".into(),
            starts_at: madrid(9, 7, 30),
            allowed_in_quiet_hours: false,
        }],
        leads: vec![15],
        routines: vec![practice_at(23, 0)],
        quiet: Some(quiet),
        ..Book::default()
    };
    let clock = ManualClock::in_zone(madrid(8, 21, 0), Madrid);
    let mut planner = Planner::new(None, HashSet::new());
    planner.tick(clock.now(), clock.zone(), &book);
    let night = run(
        &mut planner,
        &clock,
        &book,
        madrid(9, 9, 0),
        Duration::seconds(10),
    );
    // The 07:15 session reminder would only come at 08:00, after the start.
    assert_eq!(missed(&night), ["early@15"]);
    assert_eq!(
        shown(&night),
        [("routine:p:2026-12-08".to_string(), madrid(9, 8, 0))]
    );

    book.sessions[0].allowed_in_quiet_hours = true;
    let clock = ManualClock::in_zone(madrid(8, 21, 0), Madrid);
    let mut planner = Planner::new(None, HashSet::new());
    planner.tick(clock.now(), clock.zone(), &book);
    let night = run(
        &mut planner,
        &clock,
        &book,
        madrid(9, 7, 20),
        Duration::seconds(10),
    );
    assert_eq!(shown(&night), [("early@15".to_string(), madrid(9, 7, 15))]);
}

#[test]
fn a_snoozed_reminder_comes_again_once() {
    let clock = ManualClock::in_zone(madrid(8, 17, 44), Madrid);
    let mut book = book();
    let mut planner = Planner::new(None, HashSet::new());
    planner.tick(clock.now(), clock.zone(), &book);
    let first = run(
        &mut planner,
        &clock,
        &book,
        madrid(8, 17, 46),
        Duration::seconds(1),
    );
    let snoozed = match &first[..] {
        [Verdict::Show(r)] => r.clone(),
        other => panic!("{other:?}"),
    };
    book.snoozes.push(Snooze {
        key: snoozed.key.clone(),
        until: clock.now() + Duration::minutes(10),
        what: snoozed.what.clone(),
    });
    let later = run(
        &mut planner,
        &clock,
        &book,
        madrid(8, 18, 30),
        Duration::seconds(1),
    );
    assert_eq!(shown(&later).len(), 1);
    assert!(shown(&later)[0].0.starts_with(&snoozed.key));
}

#[test]
fn lead_times_over_a_dst_change_keep_the_wall_time() {
    // New York falls back on 1 November 2026 at 02:00; a Sunday 18:00
    // session's "1 day before" is Saturday 18:00 — 25 hours earlier.
    let start = New_York
        .with_ymd_and_hms(2026, 11, 1, 18, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let due = lead_due(New_York, start, 24 * 60);
    assert_eq!(
        due.with_timezone(&New_York).to_string()[..16],
        *"2026-10-31 18:00"
    );
    assert_eq!(start - due, Duration::hours(25));
    assert_eq!(lead_due(New_York, start, 90), start - Duration::minutes(90));
    assert_eq!(lead_due(New_York, start, 0), start);
}

#[test]
fn an_occasion_from_another_source_comes_once_and_waits_for_quiet_hours() {
    let quiet = QuietHours {
        start: hm(22, 0),
        end: hm(8, 0),
    };
    let occasion = |key: &str, at| Occasion {
        key: key.into(),
        at,
        source: "homework".into(),
        screen: "practice".into(),
    };
    let book = Book {
        occasions: vec![
            occasion("task-1", madrid(8, 12, 0)),
            occasion("task-2", madrid(8, 23, 0)),
        ],
        quiet: Some(quiet),
        ..Book::default()
    };
    let clock = ManualClock::in_zone(madrid(8, 11, 0), Madrid);
    let mut planner = Planner::new(None, HashSet::new());
    planner.tick(clock.now(), clock.zone(), &book);
    let day = run(
        &mut planner,
        &clock,
        &book,
        madrid(9, 9, 0),
        Duration::seconds(30),
    );
    assert_eq!(
        shown(&day),
        [
            ("occasion:homework:task-1".to_string(), madrid(8, 12, 0)),
            // 23:00 falls in quiet hours: it waits for 08:00.
            ("occasion:homework:task-2".to_string(), madrid(9, 8, 0)),
        ]
    );
    assert!(matches!(
        &day[0].reminder().what,
        What::Occasion { screen, .. } if screen == "practice"
    ));
    // A restart that reads the log back does not bring them again.
    let handled = planner.handled_keys().into_iter().collect();
    let mut again = Planner::new(Some(madrid(8, 11, 0)), handled);
    assert!(again.tick(clock.now(), clock.zone(), &book).is_empty());
}
