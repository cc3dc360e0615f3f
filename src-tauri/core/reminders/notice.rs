//! The words of a reminder as the desktop shows it. By default they say
//! only what kind of reminder it is and when — never a group's theme, a
//! title, a name or anything the member wrote — because a notification can
//! be read over a shoulder or on a locked screen. The texts are the UI's own
//! translations (`ui/src/lib/i18n`), so both languages stay in one place.

use super::plan::{Reminder, What};
use super::routine::RoutineKind;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::OnceLock;
use ts_rs::TS;

/// What a button on a reminder does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum NoticeAction {
    Join,
    /// Ten minutes.
    Snooze,
    SnoozeHour,
    /// Until 19:00 on the member's clock today.
    SnoozeEvening,
    Open,
}

/// "This evening" means this time on the member's clock.
const EVENING: (u32, u32) = (19, 0);

impl NoticeAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Join => "join",
            Self::Snooze => "snooze",
            Self::SnoozeHour => "snoozeHour",
            Self::SnoozeEvening => "snoozeEvening",
            Self::Open => "open",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Join,
            Self::Snooze,
            Self::SnoozeHour,
            Self::SnoozeEvening,
            Self::Open,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// A reminder ready to show, on the desktop or as the in-app banner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub key: String,
    pub summary: String,
    pub body: String,
    pub actions: Vec<(NoticeAction, String)>,
}

/// A reminder as the window hears of it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderShown {
    pub notice: Notice,
    /// False when no notification service answered: the window shows it.
    pub on_desktop: bool,
    /// The screen Open goes to.
    pub screen: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    /// The language reminders and the tray speak: the member's choice, else
    /// the desktop's.
    pub fn of(language: crate::settings::Language) -> Self {
        use crate::settings::Language;
        let spanish = match language {
            Language::Es => true,
            Language::En => false,
            Language::System => std::env::var("LANG")
                .or_else(|_| std::env::var("LC_ALL"))
                .is_ok_and(|l| l.starts_with("es")),
        };
        if spanish {
            Lang::Es
        } else {
            Lang::En
        }
    }
}

fn table(lang: Lang) -> &'static Value {
    static EN: OnceLock<Value> = OnceLock::new();
    static ES: OnceLock<Value> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::En => (&EN, include_str!("../../../ui/src/lib/i18n/en.json")),
        Lang::Es => (&ES, include_str!("../../../ui/src/lib/i18n/es.json")),
    };
    // The files are checked by the translation tests; a broken one gives
    // the keys themselves rather than no reminder.
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or(Value::Null))
}

/// A text of the `notifications` block for the shell's own menus.
pub fn menu_text(lang: Lang, key: &str, vars: &[(&str, &str)]) -> String {
    t(lang, key, vars)
}

fn t(lang: Lang, key: &str, vars: &[(&str, &str)]) -> String {
    let mut text = table(lang)
        .pointer(&format!("/notifications/{}", key.replace('.', "/")))
        .and_then(Value::as_str)
        .unwrap_or(key)
        .to_owned();
    for (name, value) in vars {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// A source's own sentence, or the generic one when it has none.
fn occasion_text(lang: Lang, source: &str) -> String {
    let key = format!("occasions.{source}");
    let text = t(lang, &key, &[]);
    if text == key {
        t(lang, "occasion", &[])
    } else {
        text
    }
}

/// "15 minutes", "2 hours", "1 day": the nearest whole unit, rounded up so
/// "in 15 minutes" is never said at 14:59.
fn span(lang: Lang, seconds: i64) -> String {
    let minutes = (seconds + 59) / 60;
    let (unit, n) = if minutes < 90 {
        ("minutes", minutes.max(1))
    } else if minutes < 23 * 60 {
        ("hours", (minutes + 30) / 60)
    } else {
        ("days", (minutes + 12 * 60) / (24 * 60))
    };
    let key = if n == 1 {
        format!("span.{unit}One")
    } else {
        format!("span.{unit}")
    };
    t(lang, &key, &[("n", &n.to_string())])
}

/// When a snooze button brings the reminder back, or `None` when that
/// button is not offered: a session's snooze must end before it starts
/// (ten minutes is always offered, and stops at the start), and "this
/// evening" only while the evening is at least an hour away.
pub fn snooze_until(
    action: NoticeAction,
    what: &What,
    now: DateTime<Utc>,
    zone: Tz,
) -> Option<DateTime<Utc>> {
    let until = match action {
        NoticeAction::Snooze => return Some(now + Duration::minutes(10)),
        NoticeAction::SnoozeHour => now + Duration::hours(1),
        NoticeAction::SnoozeEvening => {
            let evening = NaiveTime::from_hms_opt(EVENING.0, EVENING.1, 0)?;
            let at = super::wall_time::on(zone, now.with_timezone(&zone).date_naive(), evening);
            (at - now >= Duration::hours(1)).then_some(at)?
        }
        NoticeAction::Join | NoticeAction::Open => return None,
    };
    match what {
        What::Session { starts_at, .. } if until >= *starts_at => None,
        _ => Some(until),
    }
}

/// `text` for a notification body, which servers that support markup (the
/// freedesktop spec's `body-markup`) read as a small HTML subset.
pub fn markup_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The notice for `r` at `now` on the member's clock in `zone`. `title` is
/// given only when the member chose details in notifications; `can_join`
/// when the session has a link.
pub fn notice(
    r: &Reminder,
    now: DateTime<Utc>,
    zone: Tz,
    lang: Lang,
    title: Option<&str>,
    can_join: bool,
) -> Notice {
    let app = t(lang, "app", &[]);
    let (body, mut actions) = match &r.what {
        What::Session { starts_at, .. } => {
            let left = (*starts_at - now).num_seconds();
            let body = match (title, left > 60) {
                (Some(title), true) => t(
                    lang,
                    "sessionTitledIn",
                    &[("title", title), ("time", &span(lang, left))],
                ),
                (Some(title), false) => t(lang, "sessionTitledNow", &[("title", title)]),
                (None, true) => t(lang, "sessionIn", &[("time", &span(lang, left))]),
                (None, false) => t(lang, "sessionNow", &[]),
            };
            let mut actions = Vec::new();
            if can_join {
                actions.push((NoticeAction::Join, t(lang, "join", &[])));
            }
            (body, actions)
        }
        What::Routine {
            kind: RoutineKind::Journal,
        } => (t(lang, "journal", &[]), Vec::new()),
        What::Routine {
            kind: RoutineKind::Practice,
        } => (t(lang, "practice", &[]), Vec::new()),
        What::Occasion { source, .. } => (occasion_text(lang, source), Vec::new()),
    };
    for (action, key) in [
        (NoticeAction::Snooze, "snooze"),
        (NoticeAction::SnoozeHour, "snoozeHour"),
        (NoticeAction::SnoozeEvening, "snoozeEvening"),
    ] {
        if snooze_until(action, &r.what, now, zone).is_some() {
            actions.push((action, t(lang, key, &[])));
        }
    }
    actions.push((NoticeAction::Open, t(lang, "open", &[])));
    Notice {
        key: r.key.clone(),
        summary: app,
        body,
        actions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn a_title_from_the_clinic_is_text_in_a_notification() {
        let (r, now) = session_in(90);
        let title = r#"<a href="https://evil.example">Join</a><img src=x> & "more""#;
        let body = notice(&r, now, Tz::UTC, Lang::En, Some(title), false).body;
        let shown = markup_escaped(&body);
        assert!(!shown.contains('<') && !shown.contains('>'), "{shown}");
        assert!(
            shown.contains("&lt;a href=&quot;https://evil.example&quot;&gt;"),
            "{shown}"
        );
        assert_eq!(markup_escaped("a\r\nb"), "a  b");
    }

    fn session_in(minutes: i64) -> (Reminder, DateTime<Utc>) {
        let now = Utc.with_ymd_and_hms(2026, 12, 8, 17, 45, 0).unwrap();
        let r = Reminder {
            key: "clinic:a@15".into(),
            due: now,
            what: What::Session {
                session: "clinic:a".into(),
                starts_at: now + Duration::minutes(minutes),
                lead_minutes: 15,
            },
        };
        (r, now)
    }

    #[test]
    fn the_default_text_names_nothing_but_the_time() {
        let (r, now) = session_in(15);
        let n = notice(&r, now, Tz::UTC, Lang::En, None, true);
        assert_eq!(n.body, "Your group session starts in 15 minutes");
        let labels: Vec<_> = n.actions.iter().map(|(a, _)| *a).collect();
        assert_eq!(
            labels,
            [NoticeAction::Join, NoticeAction::Snooze, NoticeAction::Open]
        );
        let n = notice(&r, now, Tz::UTC, Lang::Es, None, false);
        assert_eq!(n.body, "Tu sesión de grupo empieza en 15 minutos");
        assert_eq!(n.actions.len(), 2, "no Join without a link");
    }

    #[test]
    fn details_and_units_follow_the_member() {
        let (r, now) = session_in(24 * 60);
        let n = notice(&r, now, Tz::UTC, Lang::En, Some("Anxiety skills"), false);
        assert_eq!(n.body, "Anxiety skills starts in 1 day");
        let (r, now) = session_in(0);
        assert_eq!(
            notice(&r, now, Tz::UTC, Lang::En, None, false).body,
            "Your group session is starting now"
        );
        let (r, now) = session_in(120);
        assert_eq!(
            notice(&r, now, Tz::UTC, Lang::Es, None, false).body,
            "Tu sesión de grupo empieza en 2 horas"
        );
        let practice = Reminder {
            key: "routine:p:2026-12-08".into(),
            due: now,
            what: What::Routine {
                kind: RoutineKind::Practice,
            },
        };
        assert_eq!(
            notice(&practice, now, Tz::UTC, Lang::En, None, false).body,
            "A moment for your practice?"
        );
    }

    #[test]
    fn snoozes_offered_end_before_the_session_and_the_evening_is_the_members() {
        let madrid = Tz::Europe__Madrid;
        // 10:00 in Madrid (09:00 UTC in December).
        let morning = Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 0).unwrap();
        let practice = What::Routine {
            kind: RoutineKind::Practice,
        };
        let r = Reminder {
            key: "routine:p:2026-12-08".into(),
            due: morning,
            what: practice.clone(),
        };
        let offered: Vec<_> = notice(&r, morning, madrid, Lang::En, None, false)
            .actions
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(
            offered,
            [
                NoticeAction::Snooze,
                NoticeAction::SnoozeHour,
                NoticeAction::SnoozeEvening,
                NoticeAction::Open
            ]
        );
        assert_eq!(
            snooze_until(NoticeAction::SnoozeEvening, &practice, morning, madrid),
            Some(Utc.with_ymd_and_hms(2026, 12, 8, 18, 0, 0).unwrap()),
            "19:00 on the member's clock"
        );
        // 18:30 in Madrid: the evening is here, no "this evening".
        let late = Utc.with_ymd_and_hms(2026, 12, 8, 17, 30, 0).unwrap();
        assert_eq!(
            snooze_until(NoticeAction::SnoozeEvening, &practice, late, madrid),
            None
        );
        // A session in 40 minutes: an hour's snooze would run past its start.
        let session = What::Session {
            session: "clinic:a".into(),
            starts_at: morning + Duration::minutes(40),
            lead_minutes: 60,
        };
        assert_eq!(
            snooze_until(NoticeAction::SnoozeHour, &session, morning, madrid),
            None
        );
        assert_eq!(
            snooze_until(NoticeAction::Snooze, &session, morning, madrid),
            Some(morning + Duration::minutes(10))
        );
    }
}
