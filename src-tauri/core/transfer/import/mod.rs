//! Imports from other journaling apps: jrnl's and Day One's JSON exports,
//! read into one common form the journal can store.
//!
//! Pure parsing: no database, no Tauri, and nothing here logs or quotes the
//! member's text, not even in errors or `Debug` output. A file that is
//! broken as a whole is refused; a single bad entry inside a good file is
//! skipped with a reason, so one odd entry never costs the member the rest.

mod archive;
mod dayone;
mod jrnl;

use crate::error::ErrorCode;
use crate::journal::ENTRY_LIMITS;
use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;
use ts_rs::TS;

/// Bigger files are refused before parsing: a parsed JSON tree takes several
/// times its file size in memory.
pub const MAX_INPUT_BYTES: usize = 200 * 1024 * 1024;
/// Longer bodies are skipped: no real entry is this long, and the editor and
/// search would choke on it.
pub const MAX_BODY_BYTES: usize = ENTRY_LIMITS.body_bytes;
/// Longer titles are not cut (that would lose text): they move into the body.
pub const MAX_TITLE_CHARS: usize = ENTRY_LIMITS.title_chars;
const MAX_TAG_CHARS: usize = ENTRY_LIMITS.tag_chars;
const MAX_TAGS: usize = ENTRY_LIMITS.labels;
/// Source ids longer than this are not ids: dropped rather than stored.
const MAX_SOURCE_ID_BYTES: usize = 128;

/// Which app the file came from; the UI shows it before the import starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportFormat {
    Jrnl,
    DayOne,
}

/// One entry read from another app, ready to be written to the journal.
#[derive(Clone, PartialEq)]
pub struct ImportedEntry {
    /// Trimmed, one line, at most [`MAX_TITLE_CHARS`] characters.
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Without a leading `@`/`#`, deduplicated ignoring case.
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    /// Equals `created_at` when the source has none.
    pub updated_at: DateTime<Utc>,
    /// Day One's entry uuid; jrnl entries have none (unless jrnl read them
    /// from Day One). Not stored yet: a second import is recognised by time,
    /// title and text (`Journal::import`), which works for both formats.
    pub source_id: Option<String>,
}

/// Hand-written so entries never show their text in logs or panics.
impl std::fmt::Debug for ImportedEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = self.created_at.to_rfc3339_opts(SecondsFormat::Secs, true);
        write!(f, "ImportedEntry({at}, ‹text redacted›)")
    }
}

/// Why an entry was left out; the UI tells the member how many and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SkipReason {
    /// No title and no body.
    Empty,
    /// The date is missing or cannot be read.
    BadDate,
    /// The body is over [`MAX_BODY_BYTES`].
    TooLong,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// 0-based position in the source's `entries` array.
    pub index: u32,
    pub reason: SkipReason,
}

/// A whole file read: the entries to write and the ones left out.
pub struct Parsed {
    pub format: ImportFormat,
    pub entries: Vec<ImportedEntry>,
    pub skipped: Vec<Skipped>,
}

/// Hand-written: counts only, never text.
impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parsed")
            .field("format", &self.format)
            .field("entries", &self.entries.len())
            .field("skipped", &self.skipped.len())
            .finish()
    }
}

/// A file that cannot be imported at all. The messages are fixed strings:
/// parser errors can quote the input, so they are never passed on.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Includes invalid UTF-8.
    #[error("the file is not JSON")]
    NotJson,
    /// A zip (Day One exports are zips) that cannot be read or holds no
    /// journal JSON at its top level.
    #[error("the zip archive holds no journal")]
    Zip,
    #[error("this is not a jrnl or Day One export")]
    UnknownFormat,
    #[error("the file is too large")]
    TooLarge,
}

impl crate::error::Coded for ImportError {
    /// Stable codes the UI translates.
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::NotJson => ErrorCode::ImportNotJson,
            Self::Zip => ErrorCode::ImportZip,
            Self::UnknownFormat => ErrorCode::ImportUnknownFormat,
            Self::TooLarge => ErrorCode::ImportTooLarge,
        }
    }
}

/// Detects the format and parses. `zone` is the member's time zone, used for
/// jrnl's local (zone-less) times.
pub fn parse(bytes: &[u8], zone: Tz) -> Result<Parsed, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return parse_json(bytes, zone, 0);
    }
    // A Day One zip may hold several journals: all are imported, numbered
    // on from one another so skipped entries can still be told apart.
    let mut all: Option<Parsed> = None;
    for file in archive::json_files(bytes)? {
        let offset = all
            .as_ref()
            .map_or(0, |a| a.entries.len() + a.skipped.len());
        let mut one = parse_json(&file, zone, offset)?;
        match &mut all {
            None => all = Some(one),
            Some(all) => {
                all.entries.append(&mut one.entries);
                all.skipped.append(&mut one.skipped);
            }
        }
    }
    all.ok_or(ImportError::Zip)
}

/// One JSON export; `offset` numbers its entries after earlier files'.
fn parse_json(bytes: &[u8], zone: Tz, offset: usize) -> Result<Parsed, ImportError> {
    // Editors on Windows may save a byte-order mark; JSON parsers refuse it.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let root: Value = serde_json::from_slice(bytes).map_err(|_| ImportError::NotJson)?;
    let format = detect(&root).ok_or(ImportError::UnknownFormat)?;
    let list = root
        .get("entries")
        .and_then(Value::as_array)
        .ok_or(ImportError::UnknownFormat)?;

    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for (i, value) in list.iter().enumerate() {
        let read = match format {
            ImportFormat::Jrnl => jrnl::entry(value, zone),
            ImportFormat::DayOne => dayone::entry(value),
        };
        match read {
            Ok(entry) => entries.push(entry),
            Err(reason) => skipped.push(Skipped {
                index: u32::try_from(offset + i).unwrap_or(u32::MAX),
                reason,
            }),
        }
    }
    Ok(Parsed {
        format,
        entries,
        skipped,
    })
}

/// Top-level markers first (Day One's `metadata`, jrnl's `tags` count
/// object), then the first entry's keys for files edited by hand.
fn detect(root: &Value) -> Option<ImportFormat> {
    let entries = root.get("entries")?.as_array()?;
    let has_version = root
        .get("metadata")
        .and_then(Value::as_object)
        .is_some_and(|m| m.contains_key("version"));
    if has_version {
        return Some(ImportFormat::DayOne);
    }
    if root.get("tags").is_some_and(Value::is_object) {
        return Some(ImportFormat::Jrnl);
    }
    let first = entries.first()?.as_object()?;
    if first.contains_key("creationDate") && first.contains_key("uuid") {
        Some(ImportFormat::DayOne)
    } else if first.contains_key("date")
        && (first.contains_key("title") || first.contains_key("body"))
    {
        Some(ImportFormat::Jrnl)
    } else {
        None
    }
}

/// An entry as a format module read it, before the common clean-up.
struct Draft {
    title: String,
    body: String,
    tags: Vec<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    source_id: Option<String>,
}

/// The rules both formats share: one-line trimmed title, trimmed body with
/// `\n` line ends, and the skip checks in a fixed order (date, empty, size).
fn finish(draft: Draft) -> Result<ImportedEntry, SkipReason> {
    // Years outside 1..=9999 cannot be written as RFC 3339 or stored sanely.
    if !(1..=9999).contains(&draft.created_at.year()) {
        return Err(SkipReason::BadDate);
    }
    let mut title = one_line(&draft.title);
    let mut body = draft.body.replace("\r\n", "\n").trim().to_owned();
    if title.chars().count() > MAX_TITLE_CHARS {
        body = if body.is_empty() {
            title
        } else {
            format!("{title}\n\n{body}")
        };
        title = String::new();
    }
    if title.is_empty() && body.is_empty() {
        return Err(SkipReason::Empty);
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(SkipReason::TooLong);
    }
    Ok(ImportedEntry {
        title,
        body,
        tags: draft.tags,
        created_at: draft.created_at,
        updated_at: draft.updated_at.max(draft.created_at),
        source_id: draft.source_id,
    })
}

/// Titles are a single line: control characters (line breaks, tabs) become
/// spaces.
fn one_line(title: &str) -> String {
    let spaced: String = title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.trim().to_owned()
}

/// Tags from a JSON array of strings; anything else gives no tags rather
/// than skipping the entry.
fn tags(value: Option<&Value>) -> Vec<String> {
    let raw = value.and_then(Value::as_array).into_iter().flatten();
    clean_tags(raw.filter_map(Value::as_str))
}

/// Strips `@`/`#`, drops tags that are empty, over 40 characters or contain
/// control characters, keeps the first spelling of each tag ignoring case,
/// and keeps at most 30.
fn clean_tags<'a>(raw: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for tag in raw {
        let tag = tag.trim().trim_start_matches(['@', '#']).trim();
        let chars = tag.chars().count();
        if chars == 0 || chars > MAX_TAG_CHARS || tag.chars().any(char::is_control) {
            continue;
        }
        if seen.insert(tag.to_lowercase()) {
            out.push(tag.to_owned());
            if out.len() == MAX_TAGS {
                break;
            }
        }
    }
    out
}

/// A uuid-like string, or nothing.
fn source_id(value: Option<&Value>) -> Option<String> {
    let id = value?.as_str()?.trim();
    let fits = !id.is_empty() && id.len() <= MAX_SOURCE_ID_BYTES;
    (fits && !id.chars().any(char::is_control)).then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;
    use proptest::prelude::*;
    use serde_json::json;

    const ZONE: Tz = chrono_tz::Europe::Madrid;
    const CANARY: &str = "PERICARDIUM";

    fn err(bytes: &[u8]) -> ImportError {
        match parse(bytes, ZONE) {
            Ok(parsed) => panic!("expected an error, got {parsed:?}"),
            Err(e) => e,
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("test date")
    }

    fn draft(title: &str, body: &str) -> Draft {
        Draft {
            title: title.into(),
            body: body.into(),
            tags: vec![],
            created_at: at("2021-01-01T00:00:00Z"),
            updated_at: at("2021-01-01T00:00:00Z"),
            source_id: None,
        }
    }

    #[test]
    fn whole_file_errors() {
        assert!(matches!(err(b""), ImportError::NotJson));
        assert!(matches!(err(b"hello"), ImportError::NotJson));
        assert!(matches!(
            err(b"{\"entries\": [\"\xff\xfe\"]}"),
            ImportError::NotJson
        ));
        assert!(matches!(err(b"PK\x03\x04rest"), ImportError::Zip));
        assert!(matches!(
            err(br#"{"entries": 3}"#),
            ImportError::UnknownFormat
        ));
        assert!(matches!(
            err(br#"{"metadata": {"version": "1.0"}, "entries": {}}"#),
            ImportError::UnknownFormat
        ));
        assert!(matches!(
            err(br#"[{"date": "2020-01-01"}]"#),
            ImportError::UnknownFormat
        ));
        assert!(matches!(
            err(br#"{"name": "x"}"#),
            ImportError::UnknownFormat
        ));
        assert!(matches!(
            err(br#"{"entries": []}"#),
            ImportError::UnknownFormat
        ));
        assert!(matches!(
            err(&vec![0u8; MAX_INPUT_BYTES + 1]),
            ImportError::TooLarge
        ));
    }

    #[test]
    fn errors_never_quote_the_input() {
        let inputs = [
            format!("{{\"entries\": [{CANARY}"),
            format!("{{\"{CANARY}\": true}}"),
            format!("[\"{CANARY}\"]"),
            CANARY.to_owned(),
            format!("{{\"entries\": \"{CANARY}\"}}"),
        ];
        for input in inputs {
            let e = err(input.as_bytes());
            assert!(!e.to_string().contains(CANARY), "{e}");
            assert!(!format!("{e:?}").contains(CANARY));
        }
    }

    #[test]
    fn error_codes() {
        assert_eq!(ImportError::NotJson.code(), "import_not_json");
        assert_eq!(ImportError::Zip.code(), "import_zip");
        assert_eq!(ImportError::UnknownFormat.code(), "import_unknown_format");
        assert_eq!(ImportError::TooLarge.code(), "import_too_large");
    }

    #[test]
    fn detects_without_top_level_markers() {
        let jrnl = br#"{"entries": [{"date": "2021-01-01", "body": "x"}]}"#;
        assert_eq!(
            parse(jrnl, ZONE).map(|p| p.format).ok(),
            Some(ImportFormat::Jrnl)
        );
        let day_one = br#"{"entries": [{"uuid": "A", "creationDate": "2021-01-01T00:00:00Z"}]}"#;
        assert_eq!(
            parse(day_one, ZONE).map(|p| p.format).ok(),
            Some(ImportFormat::DayOne)
        );
        let empty_jrnl = br#"{"tags": {}, "entries": []}"#;
        let parsed = parse(empty_jrnl, ZONE).expect("empty jrnl export");
        assert_eq!(
            (parsed.format, parsed.entries.len()),
            (ImportFormat::Jrnl, 0)
        );
    }

    #[test]
    fn a_day_one_zip_with_two_journals_imports_both() {
        let journal = |text: &str| {
            format!(
                r#"{{"metadata": {{"version": "1.0"}}, "entries": [{{"uuid": "A", "creationDate": "2023-05-01T18:22:05Z", "text": "{text}"}}, {{"uuid": "B", "text": "no date"}}]}}"#
            )
        };
        let zip = archive::tests::zip_of(&[
            ("Journal.json", journal("Primero").as_bytes()),
            ("Viajes.json", journal("Segundo").as_bytes()),
            ("photos/a.jpeg", b"\xFF\xD8"),
        ]);
        let parsed = parse(&zip, ZONE).expect("zip parses");
        assert_eq!(parsed.format, ImportFormat::DayOne);
        let bodies: Vec<&str> = parsed.entries.iter().map(|e| e.body.as_str()).collect();
        assert_eq!(bodies, ["Primero", "Segundo"]);
        let skipped: Vec<u32> = parsed.skipped.iter().map(|s| s.index).collect();
        assert_eq!(skipped, [1, 3], "numbered on across the two files");
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let file = b"\xEF\xBB\xBF{\"tags\": {}, \"entries\": []}";
        assert!(parse(file, ZONE).is_ok());
    }

    #[test]
    fn non_object_entries_are_skipped() {
        let file = br#"{"tags": {}, "entries": [3, null, "x", []]}"#;
        let parsed = parse(file, ZONE).expect("well-formed file");
        assert!(parsed.entries.is_empty());
        assert!(parsed
            .skipped
            .iter()
            .all(|s| s.reason == SkipReason::BadDate));
        let indexes: Vec<u32> = parsed.skipped.iter().map(|s| s.index).collect();
        assert_eq!(indexes, [0, 1, 2, 3]);
    }

    #[test]
    fn debug_output_hides_text() {
        let entry = finish(draft(CANARY, CANARY)).expect("entry");
        assert_eq!(
            format!("{entry:?}"),
            "ImportedEntry(2021-01-01T00:00:00Z, ‹text redacted›)"
        );
        let parsed = Parsed {
            format: ImportFormat::Jrnl,
            entries: vec![entry],
            skipped: vec![],
        };
        assert_eq!(
            format!("{parsed:?}"),
            "Parsed { format: Jrnl, entries: 1, skipped: 0 }"
        );
    }

    #[test]
    fn long_titles_move_into_the_body() {
        let long = "é".repeat(MAX_TITLE_CHARS + 1);
        let entry = finish(draft(&long, "rest")).expect("entry");
        assert_eq!(entry.title, "");
        assert_eq!(entry.body, format!("{long}\n\nrest"));
        let fits = "é".repeat(MAX_TITLE_CHARS);
        assert_eq!(finish(draft(&fits, "")).expect("entry").title, fits);
    }

    #[test]
    fn titles_are_one_line_and_bodies_use_lf() {
        let entry = finish(draft(" a\tb\nc ", "\r\n x\r\ny \r\n")).expect("entry");
        assert_eq!(entry.title, "a b c");
        assert_eq!(entry.body, "x\ny");
    }

    #[test]
    fn skip_reasons_in_order() {
        assert_eq!(finish(draft(" ", "\n\t")), Err(SkipReason::Empty));
        let huge = "a".repeat(MAX_BODY_BYTES + 1);
        assert_eq!(finish(draft("t", &huge)), Err(SkipReason::TooLong));
        assert!(finish(draft("t", &huge[1..])).is_ok());
        let mut ancient = draft("t", "b");
        ancient.created_at = at("-0001-01-01T00:00:00Z");
        assert_eq!(finish(ancient), Err(SkipReason::BadDate));
    }

    #[test]
    fn updated_never_before_created() {
        let mut d = draft("t", "b");
        d.updated_at = at("2020-01-01T00:00:00Z");
        assert_eq!(
            finish(d).expect("entry").updated_at,
            at("2021-01-01T00:00:00Z")
        );
    }

    #[test]
    fn tag_rules() {
        let forty = "x".repeat(MAX_TAG_CHARS);
        let forty_one = "x".repeat(MAX_TAG_CHARS + 1);
        let raw = [
            "@work", " #Work ", "##home", "@", "", "bad\ttag", &forty, &forty_one, "Ñandú",
        ];
        assert_eq!(
            clean_tags(raw.into_iter()),
            ["work", "home", &forty, "Ñandú"]
        );
        let many: Vec<String> = (0..40).map(|i| format!("t{i}")).collect();
        let kept = clean_tags(many.iter().map(String::as_str));
        assert_eq!(kept.len(), MAX_TAGS);
        assert_eq!(kept.last().map(String::as_str), Some("t29"));
        assert_eq!(tags(Some(&json!("@work"))), Vec::<String>::new());
        assert_eq!(tags(Some(&json!(["@a", 3, null, "b"]))), ["a", "b"]);
    }

    #[test]
    fn source_id_rules() {
        assert_eq!(source_id(Some(&json!(" AB12 "))).as_deref(), Some("AB12"));
        assert_eq!(source_id(Some(&json!(12))), None);
        assert_eq!(source_id(Some(&json!(""))), None);
        assert_eq!(source_id(Some(&json!("x".repeat(200)))), None);
        assert_eq!(source_id(None), None);
    }

    /// A field of a random type, but most often one of the realistic values
    /// given, so that many generated entries parse.
    fn any_field(known: &'static [&'static str]) -> BoxedStrategy<Option<Value>> {
        let pick = proptest::sample::select(known);
        prop_oneof![
            1 => Just(None),
            1 => Just(Some(json!(null))),
            1 => any::<bool>().prop_map(|b| Some(json!(b))),
            1 => any::<i64>().prop_map(|n| Some(json!(n))),
            1 => any::<f64>().prop_map(|n| Some(json!(n))),
            1 => ".*".prop_map(|s| Some(json!(s))),
            1 => Just(Some(json!({"a": 1}))),
            1 => proptest::collection::vec(pick.clone(), 0..4).prop_map(|v| Some(json!(v))),
            24 => pick.prop_map(|s| Some(json!(s))),
        ]
        .boxed()
    }

    const TEXTS: &[&str] = &[
        "",
        " ",
        "Primera frase. Segunda.",
        "# Título\n\n![](dayone-moment://AB)\n\ntexto \\. \\",
        "![](dayone-moment:/video/CD)",
        "#etiqueta",
    ];
    const TAGS: &[&str] = &["@work", "#Casa", "casa", "", "@"];
    const IDS: &[&str] = &["ABCDEF0123456789", "", " "];
    const INSTANTS: &[&str] = &[
        "2021-03-04T18:22:05Z",
        "2021-03-04T18:22:05.5+01:00",
        "2021-03-04",
    ];
    type Field = (&'static str, &'static [&'static str]);
    const JRNL_FIELDS: &[Field] = &[
        ("title", TEXTS),
        ("body", TEXTS),
        (
            "date",
            &["2021-03-28", "2021-10-31", "2021-02-30", "0000-01-01"],
        ),
        ("time", &["02:30", "9:05", "23:59:59", "24:00"]),
        ("tags", TAGS),
        ("starred", &["true"]),
        ("uuid", IDS),
    ];
    const DAY_ONE_FIELDS: &[Field] = &[
        ("uuid", IDS),
        ("creationDate", INSTANTS),
        ("modifiedDate", INSTANTS),
        ("text", TEXTS),
        ("richText", TEXTS),
        ("tags", TAGS),
        ("starred", &["true"]),
        ("timeZone", &["Europe/Madrid"]),
        ("location", &["Madrid"]),
    ];

    /// Mostly objects with each known field of a random type; sometimes not
    /// an object at all.
    fn any_entry(fields: &'static [Field]) -> BoxedStrategy<Value> {
        let values: Vec<_> = fields.iter().map(|(_, known)| any_field(known)).collect();
        let object = values.prop_map(move |values| {
            let map = fields
                .iter()
                .zip(values)
                .filter_map(|((key, _), value)| Some(((*key).to_owned(), value?)))
                .collect();
            Value::Object(map)
        });
        let other = any_field(TEXTS).prop_map(|v| v.unwrap_or(Value::Null));
        prop_oneof![8 => object, 1 => other].boxed()
    }

    /// A well-formed export of either format and its number of entries.
    fn any_file() -> impl Strategy<Value = (usize, Value)> {
        let jrnl = proptest::collection::vec(any_entry(JRNL_FIELDS), 0..12)
            .prop_map(|e| (e.len(), json!({"tags": {"@work": 1}, "entries": e})));
        let day_one = proptest::collection::vec(any_entry(DAY_ONE_FIELDS), 0..12).prop_map(|e| {
            (
                e.len(),
                json!({"metadata": {"version": "1.0"}, "entries": e}),
            )
        });
        prop_oneof![jrnl, day_one]
    }

    proptest! {
        #[test]
        fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let _ = parse(&bytes, ZONE);
        }

        #[test]
        fn never_panics_on_zip_like_bytes(tail in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(tail);
            let _ = parse(&bytes, ZONE);
        }

        #[test]
        fn zipped_files_read_as_the_same_entries((count, file) in any_file()) {
            let json = serde_json::to_vec(&file).expect("serialises");
            let zip = archive::tests::zip_of(&[("Journal.json", &json), ("photos/x.jpeg", b"x")]);
            let plain = parse(&json, ZONE).expect("well-formed file");
            let zipped = parse(&zip, ZONE).expect("well-formed zip");
            prop_assert_eq!(zipped.entries.len() + zipped.skipped.len(), count);
            prop_assert!(zipped.entries == plain.entries && zipped.skipped == plain.skipped);
        }

        #[test]
        fn never_panics_on_strings(text in ".*") {
            let _ = parse(text.as_bytes(), ZONE);
        }

        #[test]
        fn every_entry_is_kept_or_skipped((count, file) in any_file()) {
            let bytes = serde_json::to_vec(&file).expect("serialises");
            let parsed = parse(&bytes, chrono_tz::America::Mexico_City).expect("well-formed file");
            prop_assert_eq!(parsed.entries.len() + parsed.skipped.len(), count);
            for entry in &parsed.entries {
                prop_assert!(!entry.title.is_empty() || !entry.body.is_empty());
                prop_assert!(entry.title.chars().count() <= MAX_TITLE_CHARS);
                prop_assert!(entry.updated_at >= entry.created_at);
            }
        }
    }
}
