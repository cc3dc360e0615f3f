//! The schedule as an iCalendar file (RFC 5545) that calendar apps import at
//! the same times: the member's own series in their zone, with a VTIMEZONE
//! for each zone holding every offset change in the file's span; the
//! clinic's sessions in UTC, as the clinic gives them.

use super::series::{parse_zone, Series};
use crate::clinic::Session;
use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;
use std::fmt::Write;

/// How long a hand-entered session is taken to last (the form has no end).
pub const HAND_LENGTH: Duration = Duration::minutes(60);

/// The file's text. `sessions` is the listing (clinic and hand-entered);
/// `series` gives each hand-entered occurrence its zone.
pub fn calendar(sessions: &[Session], series: &[Series], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Alongside//Sessions//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    let mut zones: BTreeMap<String, (Tz, DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    let mut events = String::new();
    for s in sessions.iter().filter(|s| !s.cancelled) {
        let Some(start) = instant(&s.starts_at) else {
            continue;
        };
        let zone = s
            .hand_entered
            .then(|| series_of(series, &s.id))
            .flatten()
            .and_then(|se| parse_zone(&se.draft.zone));
        let end = s
            .ends_at
            .as_deref()
            .and_then(instant)
            .unwrap_or(start + HAND_LENGTH);
        line(&mut events, "BEGIN:VEVENT");
        line(&mut events, &format!("UID:{}@alongside", uid(&s.id)));
        line(&mut events, &format!("DTSTAMP:{}", utc(now)));
        match zone {
            Some(tz) => {
                let span = zones
                    .entry(tz.name().to_owned())
                    .or_insert((tz, start, end));
                span.1 = span.1.min(start);
                span.2 = span.2.max(end);
                for (key, at) in [("DTSTART", start), ("DTEND", end)] {
                    let local = at.with_timezone(&tz).naive_local();
                    line(
                        &mut events,
                        &format!("{key};TZID={}:{}", tz.name(), floating(local)),
                    );
                }
            }
            None => {
                line(&mut events, &format!("DTSTART:{}", utc(start)));
                line(&mut events, &format!("DTEND:{}", utc(end)));
            }
        }
        let title = if s.title.trim().is_empty() {
            "Group session"
        } else {
            s.title.trim()
        };
        line(&mut events, &format!("SUMMARY:{}", text(title)));
        if let Some(link) = &s.video_link {
            line(&mut events, &format!("URL:{}", text(link)));
        }
        line(&mut events, "END:VEVENT");
    }
    for (tz, from, to) in zones.values() {
        timezone(&mut out, *tz, *from - Duration::days(366), *to);
    }
    out.push_str(&events);
    line(&mut out, "END:VCALENDAR");
    out
}

fn series_of<'a>(series: &'a [Series], key: &str) -> Option<&'a Series> {
    // Hand-entered keys are `hand:<series id>:<unix start>`.
    let id = key.strip_prefix("hand:")?.rsplit_once(':')?.0;
    series.iter().find(|s| s.id == id)
}

/// A VTIMEZONE with one STANDARD or DAYLIGHT part per offset change in
/// `[from, to]`, found by stepping a day at a time and narrowing to the
/// minute; plus the offset in force at `from`.
fn timezone(out: &mut String, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) {
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{}", tz.name()));
    let offset = |t: DateTime<Utc>| {
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let mut parts = vec![(from, offset(from - Duration::days(1)), offset(from))];
    let mut day = from;
    while day < to {
        let next = day + Duration::days(1);
        if offset(day) != offset(next) {
            let (mut lo, mut hi) = (day, next);
            while hi - lo > Duration::minutes(1) {
                let mid = lo + (hi - lo) / 2;
                if offset(mid) == offset(lo) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            parts.push((hi, offset(lo), offset(hi)));
        }
        day = next;
    }
    for (at, before, after) in parts {
        // Clocks going forward start summer time; back (or the first part), standard.
        let kind = if after > before {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        line(out, &format!("BEGIN:{kind}"));
        let local = at.naive_utc() + Duration::seconds(i64::from(before));
        line(out, &format!("DTSTART:{}", floating(local)));
        line(out, &format!("TZOFFSETFROM:{}", utc_offset(before)));
        line(out, &format!("TZOFFSETTO:{}", utc_offset(after)));
        line(out, &format!("END:{kind}"));
    }
    line(out, "END:VTIMEZONE");
}

fn instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn floating(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

fn uid(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '.'
            }
        })
        .collect()
}

/// TEXT values escape backslash, semicolon, comma and line breaks (CRLF,
/// a bare LF or a bare CR alike: a CR left in would start a new line of
/// the file for whoever wrote the title); other control characters go.
fn text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Lines end in CRLF and fold at 75 octets, never inside a character. A
/// control character that reached here (a link, say) becomes a space, so no
/// value can end its line early.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
    {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    let _ = out.write_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A title or link with a bare CR (or CRLF) from the clinic cannot
    /// start a line of its own in the file: nothing can be injected.
    #[test]
    fn line_breaks_in_values_never_start_a_line() {
        let mut out = String::new();
        line(
            &mut out,
            &format!("SUMMARY:{}", text("Week 1\rBEGIN:VALARM\r\nX")),
        );
        line(&mut out, "URL:https://clinic.example/a\rATTENDEE:evil");
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "{out:?}");
        assert!(lines
            .iter()
            .all(|l| !l.starts_with("BEGIN") && !l.starts_with("ATTENDEE")));
        assert!(!out.replace("\r\n", "").contains('\r'), "{out:?}");
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
