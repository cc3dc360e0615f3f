//! Day One's JSON export (`Journal.json` inside the export zip):
//! `{"metadata": {"version": "1.0"}, "entries": [{"uuid", "creationDate",
//! "modifiedDate", "text", "tags", ...}]}`. Dates are RFC 3339 instants; the
//! text is Markdown with no separate title.

use super::{finish, source_id, tags, Draft, ImportedEntry, SkipReason};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// How Day One links a photo, video or audio clip that the JSON does not
/// contain: `![](dayone-moment://UUID)`.
const MOMENT: &str = "](dayone-moment:";

pub(super) fn entry(value: &Value) -> Result<ImportedEntry, SkipReason> {
    let created_at = instant(value.get("creationDate")).ok_or(SkipReason::BadDate)?;
    let updated_at = instant(value.get("modifiedDate")).unwrap_or(created_at);
    let text = value.get("text").and_then(Value::as_str).unwrap_or("");
    // Far over the limit even after its media links go: skipped before any
    // work on it, so a 20 MB line cannot hold the import (or its cancel) up.
    if text.len() > 2 * super::MAX_BODY_BYTES {
        return Err(SkipReason::TooLong);
    }
    let text = without_moments(text);
    let (title, body) = split_heading(text.trim());
    finish(Draft {
        title: unescape(title),
        body: unescape(body),
        tags: tags(value.get("tags")),
        created_at,
        updated_at,
        source_id: source_id(value.get("uuid")),
    })
}

fn instant(value: Option<&Value>) -> Option<DateTime<Utc>> {
    let text = value?.as_str()?.trim();
    let at = DateTime::parse_from_rfc3339(text).ok()?;
    Some(at.with_timezone(&Utc))
}

/// A first line that is a Markdown heading (`#` to `######`, then a space
/// or nothing) is the title; otherwise there is no title. A `#word` with no
/// space is a hashtag, not a heading, and stays in the body.
fn split_heading(text: &str) -> (&str, &str) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let after = first.trim_start_matches('#');
    let level = first.len() - after.len();
    let heading = (1..=6).contains(&level) && (after.is_empty() || after.starts_with([' ', '\t']));
    if !heading {
        return ("", text);
    }
    // An optional closing run of `#`s after a space is not part of the title.
    let title = after.trim();
    let open = title.trim_end_matches('#');
    let title = if open.is_empty() || open.ends_with([' ', '\t']) {
        open.trim_end()
    } else {
        title
    };
    (title, rest)
}

/// Removes links to media that is not in the JSON, and the line they stood
/// on when nothing else is left on it (with one blank line next to it, so
/// paragraphs stay one blank line apart).
fn without_moments(text: &str) -> String {
    let mut kept: Vec<String> = Vec::new();
    let mut drop_blank = false;
    for line in text.lines() {
        let line = if line.contains(MOMENT) {
            let stripped = strip_moments(line);
            if stripped.trim().is_empty() {
                drop_blank = kept.last().is_none_or(|l| l.trim().is_empty());
                continue;
            }
            stripped
        } else {
            line.to_owned()
        };
        if std::mem::take(&mut drop_blank) && line.trim().is_empty() {
            continue;
        }
        kept.push(line);
    }
    kept.join("\n")
}

fn strip_moments(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(mid) = rest.find(MOMENT) {
        let after = &rest[mid + MOMENT.len()..];
        let Some(close) = after.find(')') else {
            // No `)` after this one, so none after any later one either:
            // the rest is kept as it is, read once rather than once a link.
            break;
        };
        // The image's own `![`: no `]` between it and the link.
        let start = rest[..mid]
            .rfind("![")
            .filter(|&start| !rest[start + 2..mid].contains(']'));
        match start {
            Some(start) => {
                out.push_str(&rest[..start]);
                rest = &after[close + 1..];
            }
            // A plain link: not an image, keep it.
            None => {
                out.push_str(&rest[..mid + MOMENT.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Day One escapes punctuation (`\.`, `\-`, `\!`, `\(`) that plain
/// Markdown does not need escaped; the journal's editor shows it as typed.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek().filter(|n| n.is_ascii_punctuation()) {
                out.push(next);
                chars.next();
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{parse, ImportFormat, Skipped};
    use super::*;

    /// One long line of links that never close: read in linear time, not
    /// once per link; an entry far over the limit is skipped before that.
    #[test]
    fn a_long_line_of_unclosed_links_is_quick() {
        let line = "![](dayone-moment://A".repeat(400_000);
        let started = std::time::Instant::now();
        assert_eq!(strip_moments(&line), line);
        let took = started.elapsed();
        assert!(took < std::time::Duration::from_secs(2), "{took:?}");
        let text = "x".repeat(2 * super::super::MAX_BODY_BYTES + 1);
        let huge = serde_json::json!({"creationDate": "2026-11-01T09:00:00Z", "text": text});
        assert!(matches!(entry(&huge), Err(SkipReason::TooLong)));
    }

    /// Shaped like a real `Journal.json`, with a few entries broken by hand.
    const SAMPLE: &str = r##"{
      "metadata": {"version": "1.0"},
      "entries": [
        {
          "uuid": "0A1B2C3D4E5F60718293A4B5C6D7E8F9",
          "creationDate": "2021-03-04T18:22:05Z",
          "modifiedDate": "2021-03-05T08:00:00Z",
          "creationDevice": "iPhone de Ana",
          "creationDeviceType": "iPhone",
          "creationOSName": "iOS",
          "creationOSVersion": "14.4",
          "duration": 0,
          "isAllDay": false,
          "isPinned": false,
          "starred": true,
          "timeZone": "America/Mexico_City",
          "text": "# Mañana en la montaña\n\n![](dayone-moment://8F3E2A1B9C4D4E5F8A7B6C5D4E3F2A1B)\n\nSubimos temprano\\. El aire olía a pino\\!\n\n\\- No fue fácil \\(pero valió la pena\\)",
          "richText": "{\"contents\":[{\"text\":\"Mañana en la montaña\"}],\"meta\":{\"version\":1}}",
          "tags": ["Montaña", "familia", "Familia", "#viaje"],
          "location": {"localityName": "Ciudad de México", "country": "México", "latitude": 19.43, "longitude": -99.13, "placeName": "Ajusco"},
          "weather": {"temperatureCelsius": 12, "conditionsDescription": "Despejado", "weatherCode": "clear"},
          "photos": [{"md5": "d41d8cd98f00b204e9800998ecf8427e", "identifier": "8F3E2A1B9C4D4E5F8A7B6C5D4E3F2A1B", "type": "jpeg", "orderInEntry": 0}]
        },
        {
          "uuid": "1B2C3D4E5F60718293A4B5C6D7E8F90A",
          "creationDate": "2021-03-06T07:15:00Z",
          "starred": false,
          "timeZone": "Europe/Madrid",
          "text": "A plain entry, no heading.\nSecond line.",
          "tags": []
        },
        {
          "uuid": "2C3D4E5F60718293A4B5C6D7E8F90A1B",
          "creationDate": "4 March 2021",
          "text": "Unreadable date."
        },
        {
          "uuid": "3D4E5F60718293A4B5C6D7E8F90A1B2C",
          "creationDate": "2021-03-07T10:00:00Z",
          "text": "![](dayone-moment://AAAABBBBCCCCDDDDEEEEFFFF00001111)\n",
          "photos": [{"identifier": "AAAABBBBCCCCDDDDEEEEFFFF00001111", "type": "heic"}]
        },
        {
          "uuid": "4E5F60718293A4B5C6D7E8F90A1B2C3D",
          "text": "No date at all."
        },
        {
          "uuid": "5F60718293A4B5C6D7E8F90A1B2C3D4E",
          "creationDate": "2021-03-09T10:00:00-06:00",
          "modifiedDate": "yesterday",
          "text": "#gratitud por el café",
          "tags": ["@mañanas"]
        },
        {
          "uuid": 42,
          "creationDate": "2021-03-08T10:00:00.123Z",
          "text": 5,
          "tags": "x"
        }
      ]
    }"##;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("test date")
    }

    #[test]
    fn sample() {
        let parsed = parse(SAMPLE.as_bytes(), chrono_tz::Europe::Madrid).expect("Day One export");
        assert_eq!(parsed.format, ImportFormat::DayOne);
        let e = &parsed.entries;
        assert_eq!(e.len(), 3);

        assert_eq!(e[0].title, "Mañana en la montaña");
        assert_eq!(
            e[0].body,
            "Subimos temprano. El aire olía a pino!\n\n- No fue fácil (pero valió la pena)"
        );
        assert_eq!(e[0].tags, ["Montaña", "familia", "viaje"]);
        assert_eq!(e[0].created_at, at("2021-03-04T18:22:05Z"));
        assert_eq!(e[0].updated_at, at("2021-03-05T08:00:00Z"));
        assert_eq!(
            e[0].source_id.as_deref(),
            Some("0A1B2C3D4E5F60718293A4B5C6D7E8F9")
        );

        assert_eq!(e[1].title, "");
        assert_eq!(e[1].body, "A plain entry, no heading.\nSecond line.");
        assert!(e[1].tags.is_empty());
        assert_eq!(e[1].created_at, at("2021-03-06T07:15:00Z"));
        assert_eq!(e[1].updated_at, e[1].created_at);
        assert_eq!(
            e[1].source_id.as_deref(),
            Some("1B2C3D4E5F60718293A4B5C6D7E8F90A")
        );

        // A hashtag is not a heading; an unreadable modifiedDate is ignored.
        assert_eq!(e[2].title, "");
        assert_eq!(e[2].body, "#gratitud por el café");
        assert_eq!(e[2].tags, ["mañanas"]);
        assert_eq!(e[2].created_at, at("2021-03-09T16:00:00Z"));
        assert_eq!(e[2].updated_at, e[2].created_at);
        assert_eq!(
            e[2].source_id.as_deref(),
            Some("5F60718293A4B5C6D7E8F90A1B2C3D4E")
        );

        let skipped = |index, reason| Skipped { index, reason };
        assert_eq!(
            parsed.skipped,
            [
                skipped(2, SkipReason::BadDate),
                skipped(3, SkipReason::Empty),
                skipped(4, SkipReason::BadDate),
                skipped(6, SkipReason::Empty),
            ]
        );
    }

    #[test]
    fn headings() {
        assert_eq!(split_heading("# Hola\n\ncuerpo"), ("Hola", "\ncuerpo"));
        assert_eq!(split_heading("### Hola ###\ncuerpo"), ("Hola", "cuerpo"));
        assert_eq!(split_heading("## C#"), ("C#", ""));
        assert_eq!(split_heading("#\ncuerpo"), ("", "cuerpo"));
        assert_eq!(split_heading("####### siete"), ("", "####### siete"));
        assert_eq!(split_heading("#etiqueta texto"), ("", "#etiqueta texto"));
        assert_eq!(split_heading("texto\n# luego"), ("", "texto\n# luego"));
    }

    #[test]
    fn escapes() {
        assert_eq!(
            unescape(r"1\. a \- b \! \( c \) \# \\ \é \n \"),
            r"1. a - b ! ( c ) # \ \é \n \"
        );
        assert_eq!(unescape(r"\\\."), r"\.");
    }

    #[test]
    fn moments() {
        let text = "Antes\n\n![](dayone-moment://A)\n\nDespués ![x](dayone-moment:/video/B) fin\n[enlace](dayone-moment://C)\n![](https://example.com/x.png)";
        assert_eq!(
            without_moments(text),
            "Antes\n\nDespués  fin\n[enlace](dayone-moment://C)\n![](https://example.com/x.png)"
        );
        assert_eq!(without_moments("![](dayone-moment://A)\n\nTexto"), "Texto");
        assert_eq!(without_moments("a\n![](dayone-moment://A)\nb"), "a\nb");
        assert_eq!(
            without_moments("a ![](dayone-moment://A"),
            "a ![](dayone-moment://A"
        );
        assert_eq!(without_moments("a\r\nb"), "a\nb");
        assert_eq!(
            without_moments("![a](x.png) [b](dayone-moment://C)"),
            "![a](x.png) [b](dayone-moment://C)"
        );
    }

    #[test]
    fn modified_before_created_is_ignored() {
        let file = r#"{"metadata": {"version": "1.0"}, "entries": [
          {"uuid": "A", "creationDate": "2021-03-04T18:22:05Z", "modifiedDate": "2020-01-01T00:00:00Z", "text": "x"}
        ]}"#;
        let parsed = parse(file.as_bytes(), chrono_tz::UTC).expect("Day One export");
        assert_eq!(parsed.entries[0].updated_at, at("2021-03-04T18:22:05Z"));
    }
}
