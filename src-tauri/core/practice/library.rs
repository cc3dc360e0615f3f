//! The exercise library as the backend needs it: which ids exist, which
//! answers a written exercise takes, which may be played while locked. The
//! content itself (one JSON file per exercise, both languages) lives with
//! the UI, which shows it; this reads the same files, so the two cannot
//! disagree. Ids are stable: logs, favourites and homework refer to them.

use serde::Deserialize;
use std::sync::OnceLock;

/// Every exercise, in the library's order. A new one is added here and as
/// `ui/src/lib/practice/exercises/<id>.json`; a test checks the two match.
const FILES: &[(&str, &str)] = &[
    (
        "box-breathing",
        include_str!("../../../ui/src/lib/practice/exercises/box-breathing.json"),
    ),
    (
        "breathing-4-7-8",
        include_str!("../../../ui/src/lib/practice/exercises/breathing-4-7-8.json"),
    ),
    (
        "paced-breathing",
        include_str!("../../../ui/src/lib/practice/exercises/paced-breathing.json"),
    ),
    (
        "longer-exhale",
        include_str!("../../../ui/src/lib/practice/exercises/longer-exhale.json"),
    ),
    (
        "senses-5-4-3-2-1",
        include_str!("../../../ui/src/lib/practice/exercises/senses-5-4-3-2-1.json"),
    ),
    (
        "muscle-relaxation",
        include_str!("../../../ui/src/lib/practice/exercises/muscle-relaxation.json"),
    ),
    (
        "body-scan",
        include_str!("../../../ui/src/lib/practice/exercises/body-scan.json"),
    ),
    (
        "leaves-on-a-stream",
        include_str!("../../../ui/src/lib/practice/exercises/leaves-on-a-stream.json"),
    ),
    (
        "thought-record",
        include_str!("../../../ui/src/lib/practice/exercises/thought-record.json"),
    ),
    (
        "dbt-stop",
        include_str!("../../../ui/src/lib/practice/exercises/dbt-stop.json"),
    ),
    (
        "dbt-tipp",
        include_str!("../../../ui/src/lib/practice/exercises/dbt-tipp.json"),
    ),
    (
        "dear-man",
        include_str!("../../../ui/src/lib/practice/exercises/dear-man.json"),
    ),
    (
        "opposite-action",
        include_str!("../../../ui/src/lib/practice/exercises/opposite-action.json"),
    ),
    (
        "self-compassion-break",
        include_str!("../../../ui/src/lib/practice/exercises/self-compassion-break.json"),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AnswerKind {
    Text,
    Rating,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub id: &'static str,
    /// A written step's field and what it takes.
    pub fields: Vec<(String, AnswerKind)>,
    pub playable_locked: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    id: String,
    playable_locked: bool,
    steps: Vec<Step>,
}

#[derive(Deserialize)]
struct Step {
    field: Option<String>,
    answer: Option<AnswerKind>,
}

/// The ids, in order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(id, _)| *id)
}

/// The library, read once. A file that does not parse, or whose id is not
/// its name, is left out (the content test fails on it first).
pub fn all() -> &'static [Exercise] {
    static LIBRARY: OnceLock<Vec<Exercise>> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|(id, text)| {
                let file: File = serde_json::from_str(text).ok()?;
                (file.id == *id).then(|| Exercise {
                    id,
                    fields: file
                        .steps
                        .into_iter()
                        .filter_map(|s| Some((s.field?, s.answer?)))
                        .collect(),
                    playable_locked: file.playable_locked,
                })
            })
            .collect()
    })
}

pub fn find(id: &str) -> Option<&'static Exercise> {
    all().iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_read_with_its_own_id() {
        assert_eq!(all().len(), FILES.len());
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../ui/src/lib/practice/exercises"
        );
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
            .filter(|n| n != "exercise.schema")
            .collect();
        on_disk.sort();
        let mut listed: Vec<&str> = ids().collect();
        listed.sort_unstable();
        assert_eq!(
            on_disk, listed,
            "every exercise file is listed in FILES, and no other"
        );
    }

    #[test]
    fn the_written_exercises_take_their_answers() {
        let record = find("thought-record").unwrap();
        let names: Vec<&str> = record.fields.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "situation",
                "thought",
                "emotion",
                "intensity",
                "evidenceFor",
                "evidenceAgainst",
                "balancedThought",
                "reRate"
            ]
        );
        assert_eq!(record.fields[3].1, AnswerKind::Rating);
        assert!(find("box-breathing").unwrap().playable_locked);
        assert!(find("senses-5-4-3-2-1").unwrap().playable_locked);
        assert!(!find("dear-man").unwrap().playable_locked);
        assert!(find("no-such-thing").is_none());
    }
}
