//! Which reminders are due: given what the member asked to be reminded of
//! (the `Book`) and the wall clock, each tick hands back what to show now
//! and what was missed. Plain data in and out, driven by the injected clock.
//!
//! The rules:
//! - Every occurrence has a key; once shown or missed it is in the log and
//!   never comes again, whatever the clock does (set back, restarts).
//! - A tick looks at what fell due since the previous tick, however long
//!   ago that was (a suspend, the app closed): a session reminder still
//!   comes if its session has not started yet — only the nearest one per
//!   session — and everything else that is more than a little late is
//!   marked missed, not shown.
//! - Journal and practice reminders follow the member's clock: after a zone
//!   change, one whose time the clock has just jumped past comes at once;
//!   one whose day already had it does not come again.

use super::routine::{QuietHours, Routine, RoutineKind};
use super::wall_time;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use ts_rs::TS;

/// Late by at most this, a reminder is on time.
pub const ON_TIME: Duration = Duration::minutes(2);
/// A journal or practice reminder later than this is missed.
pub const ROUTINE_LATE: Duration = Duration::minutes(30);
/// After a longer gap, what fell due before it is not looked at.
const LOOK_BACK: Duration = Duration::days(8);
/// How far ahead `upcoming` looks.
pub const HORIZON: Duration = Duration::days(8);

/// A session that may be reminded of. The key names it without its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingSession {
    pub key: String,
    pub starts_at: DateTime<Utc>,
    pub allowed_in_quiet_hours: bool,
}

/// A snoozed reminder, to come again at `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snooze {
    pub key: String,
    pub until: DateTime<Utc>,
    pub what: What,
}

/// Everything the member asked to be reminded of. Holds no titles, links
/// or writing: only times, so it may stay in memory while the vault is
/// locked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    pub sessions: Vec<UpcomingSession>,
    /// Minutes before a session; 0 is "at start". Whole days count as
    /// calendar days on the member's clock (`wall_time::days_before`).
    pub leads: Vec<u32>,
    pub routines: Vec<Routine>,
    pub quiet: Option<QuietHours>,
    pub snoozes: Vec<Snooze>,
    /// One-off reminders from the rest of the app (`sources`).
    #[serde(default)]
    pub occasions: Vec<Occasion>,
}

/// A one-off reminder another part of the app asks for: homework due, a
/// self-check that is due. The planner treats it as it treats journal and
/// practice reminders (held by quiet hours, missed when much later), so a
/// new kind needs a source, not a change here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occasion {
    /// Names the occasion within its source, without words from it.
    pub key: String,
    pub at: DateTime<Utc>,
    /// The source's name: picks the notification's words.
    pub source: String,
    /// The screen Open goes to.
    pub screen: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum What {
    Session {
        session: String,
        #[ts(type = "string")]
        starts_at: DateTime<Utc>,
        lead_minutes: u32,
    },
    Routine {
        kind: RoutineKind,
    },
    Occasion {
        source: String,
        screen: String,
    },
}

/// One occurrence of a reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub key: String,
    pub due: DateTime<Utc>,
    pub what: What,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Show(Reminder),
    Missed(Reminder),
}

impl Verdict {
    pub fn reminder(&self) -> &Reminder {
        match self {
            Self::Show(r) | Self::Missed(r) => r,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    at: DateTime<Utc>,
    /// Unknown for the previous run's last tick.
    zone: Option<Tz>,
}

/// Decides, tick by tick. `handled` mirrors the fired-log.
#[derive(Debug)]
pub struct Planner {
    last: Option<Seen>,
    handled: HashSet<String>,
}

impl Planner {
    /// `last_checked`: the previous run's last tick, from the log, so what
    /// fell due while the app was closed is looked at once.
    pub fn new(last_checked: Option<DateTime<Utc>>, handled: HashSet<String>) -> Self {
        Self {
            last: last_checked.map(|at| Seen { at, zone: None }),
            handled,
        }
    }

    pub fn is_handled(&self, key: &str) -> bool {
        self.handled.contains(key)
    }

    /// What has been shown or missed, for the standby file.
    pub fn handled_keys(&self) -> Vec<String> {
        self.handled.iter().cloned().collect()
    }

    /// Adds keys recorded elsewhere (the log, once the vault opens).
    pub fn remember(&mut self, keys: impl IntoIterator<Item = String>) {
        self.handled.extend(keys);
    }

    /// Picks up from the previous run's last tick, read once the vault
    /// opens, so what fell due while the app was closed is looked at.
    pub fn resume_from(&mut self, at: DateTime<Utc>) {
        match &mut self.last {
            Some(seen) if seen.at <= at => {}
            Some(seen) => seen.at = at,
            None => self.last = Some(Seen { at, zone: None }),
        }
    }

    /// What to show and what was missed since the previous tick.
    pub fn tick(&mut self, now: DateTime<Utc>, zone: Tz, book: &Book) -> Vec<Verdict> {
        let Some(last) = self.last.replace(Seen {
            at: now,
            zone: Some(zone),
        }) else {
            return Vec::new();
        };
        let last_zone = last.zone.unwrap_or(zone);
        if now <= last.at && last_zone == zone {
            // The clock stood still or went back: the log stops repeats.
            return Vec::new();
        }
        let since = last.at.max(now - LOOK_BACK);
        let mut verdicts = Vec::new();
        self.sessions(since, now, zone, book, &mut verdicts);
        self.routines(since, now, zone, book, &mut verdicts);
        for r in occasion_reminders(zone, book) {
            if r.due > since && r.due <= now && !self.handled.contains(&r.key) {
                verdicts.push(self.judge_routine(r, now));
            }
        }
        if last_zone != zone {
            self.zone_moved(
                last.at.with_timezone(&last_zone).naive_local(),
                now,
                zone,
                book,
                &mut verdicts,
            );
        }
        for snooze in &book.snoozes {
            if snooze.until > since && snooze.until <= now {
                let r = Reminder {
                    key: snooze_key(&snooze.key, snooze.until),
                    due: snooze.until,
                    what: snooze.what.clone(),
                };
                verdicts.push(self.judge_routine(r, now));
            }
        }
        verdicts.retain(|v| self.handled.insert(v.reminder().key.clone()));
        verdicts
    }

    fn sessions(
        &self,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
        zone: Tz,
        book: &Book,
        out: &mut Vec<Verdict>,
    ) {
        // Late ones are gathered per session: only the nearest still comes.
        let mut late: BTreeMap<String, Vec<Reminder>> = BTreeMap::new();
        for r in session_reminders(zone, book) {
            if r.due <= since || r.due > now || self.handled.contains(&r.key) {
                continue;
            }
            let What::Session {
                ref session,
                starts_at,
                ..
            } = r.what
            else {
                continue;
            };
            if now > starts_at + ON_TIME {
                // Held by quiet hours or a gap past the start: no use now.
                out.push(Verdict::Missed(r));
            } else if now - r.due <= ON_TIME {
                out.push(Verdict::Show(r));
            } else if now < starts_at {
                late.entry(session.clone()).or_default().push(r);
            } else {
                out.push(Verdict::Missed(r));
            }
        }
        for (_, mut rs) in late {
            rs.sort_by_key(|r| r.due);
            if let Some(nearest) = rs.pop() {
                out.push(Verdict::Show(nearest));
            }
            out.extend(rs.into_iter().map(Verdict::Missed));
        }
    }

    fn routines(
        &self,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
        zone: Tz,
        book: &Book,
        out: &mut Vec<Verdict>,
    ) {
        for r in routine_reminders(
            zone,
            book,
            since - Duration::days(1),
            now + Duration::seconds(1),
        ) {
            if r.due > since && r.due <= now && !self.handled.contains(&r.key) {
                out.push(self.judge_routine(r, now));
            }
        }
    }

    fn judge_routine(&self, r: Reminder, now: DateTime<Utc>) -> Verdict {
        if now - r.due <= ROUTINE_LATE {
            Verdict::Show(r)
        } else {
            Verdict::Missed(r)
        }
    }

    /// After a zone change, the routine times the member's clock jumped past.
    fn zone_moved(
        &self,
        before: NaiveDateTime,
        now: DateTime<Utc>,
        zone: Tz,
        book: &Book,
        out: &mut Vec<Verdict>,
    ) {
        let after = now.with_timezone(&zone).naive_local();
        if after <= before {
            return;
        }
        for routine in &book.routines {
            if !routine.enabled {
                continue;
            }
            let mut date = before.date();
            while date <= after.date() {
                let local = date.and_time(routine.time);
                let key = routine_key(&routine.id, date);
                if routine.on_day(date)
                    && local > before
                    && local <= after
                    && !self.handled.contains(&key)
                {
                    let r = Reminder {
                        key,
                        due: now,
                        what: What::Routine { kind: routine.kind },
                    };
                    if book.quiet.is_some_and(|q| q.hold_until(zone, now) > now) {
                        out.push(Verdict::Missed(r));
                    } else {
                        out.push(Verdict::Show(r));
                    }
                }
                date += Duration::days(1);
            }
        }
    }

    /// The reminders due in the last day, shown or not: a notification's
    /// action names one of these.
    pub fn recent(&self, now: DateTime<Utc>, zone: Tz, book: &Book) -> Vec<Reminder> {
        let since = now - Duration::days(1);
        session_reminders(zone, book)
            .chain(routine_reminders(
                zone,
                book,
                since - Duration::days(1),
                now + Duration::seconds(1),
            ))
            .chain(occasion_reminders(zone, book))
            .chain(book.snoozes.iter().map(|s| Reminder {
                key: snooze_key(&s.key, s.until),
                due: s.until,
                what: s.what.clone(),
            }))
            .filter(|r| r.due > since && r.due <= now)
            .collect()
    }

    /// The reminders still to come in the next `HORIZON`, soonest first.
    pub fn upcoming(&self, now: DateTime<Utc>, zone: Tz, book: &Book) -> Vec<Reminder> {
        let until = now + HORIZON;
        let mut out: Vec<Reminder> = session_reminders(zone, book)
            .chain(routine_reminders(
                zone,
                book,
                now - Duration::days(1),
                until,
            ))
            .chain(occasion_reminders(zone, book))
            .chain(book.snoozes.iter().map(|s| Reminder {
                key: snooze_key(&s.key, s.until),
                due: s.until,
                what: s.what.clone(),
            }))
            .filter(|r| r.due > now && r.due <= until && !self.handled.contains(&r.key))
            .collect();
        out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.key.cmp(&b.key)));
        out
    }
}

pub fn routine_key(id: &str, date: chrono::NaiveDate) -> String {
    format!("routine:{id}:{date}")
}

fn snooze_key(key: &str, until: DateTime<Utc>) -> String {
    format!("{key}~{}", until.timestamp())
}

/// When a lead before `starts_at` falls due on the member's clock.
pub fn lead_due(zone: Tz, starts_at: DateTime<Utc>, lead_minutes: u32) -> DateTime<Utc> {
    if lead_minutes > 0 && lead_minutes % (24 * 60) == 0 {
        wall_time::days_before(zone, starts_at, lead_minutes / (24 * 60))
    } else {
        starts_at - Duration::minutes(i64::from(lead_minutes))
    }
}

fn session_reminders<'a>(zone: Tz, book: &'a Book) -> impl Iterator<Item = Reminder> + 'a {
    book.sessions.iter().flat_map(move |s| {
        book.leads.iter().map(move |&lead| {
            let due = lead_due(zone, s.starts_at, lead);
            let due = match book.quiet {
                Some(q) if !s.allowed_in_quiet_hours => q.hold_until(zone, due),
                _ => due,
            };
            Reminder {
                key: format!("{}@{lead}", s.key),
                due,
                what: What::Session {
                    session: s.key.clone(),
                    starts_at: s.starts_at,
                    lead_minutes: lead,
                },
            }
        })
    })
}

fn occasion_reminders<'a>(zone: Tz, book: &'a Book) -> impl Iterator<Item = Reminder> + 'a {
    book.occasions.iter().map(move |o| Reminder {
        key: format!("occasion:{}:{}", o.source, o.key),
        due: book.quiet.map_or(o.at, |q| q.hold_until(zone, o.at)),
        what: What::Occasion {
            source: o.source.clone(),
            screen: o.screen.clone(),
        },
    })
}

fn routine_reminders(
    zone: Tz,
    book: &Book,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for routine in &book.routines {
        for (date, at) in routine.times_between(zone, from, to) {
            let due = book.quiet.map_or(at, |q| q.hold_until(zone, at));
            out.push(Reminder {
                key: routine_key(&routine.id, date),
                due,
                what: What::Routine { kind: routine.kind },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
