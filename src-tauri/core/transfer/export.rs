//! Plain exports — not encrypted, which the UI says before anything is
//! written: Markdown, one file per entry with its details in front matter
//! (read by Obsidian, Jekyll, Hugo, …), or one JSON file.

use super::{Result, TransferError};
use crate::clinic::{Session, Sessions};
use crate::clock::Clock;
use crate::journal::{Entry, Journal};
use crate::store::unfinished::Unfinished;
use crate::store::Database;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `<folder>/Alongside <date>/`, one `.md` per entry.
    Markdown,
    /// `<folder>/Alongside <date>.json`: every entry with every field.
    Json,
}

/// Writes every entry outside the trash into `folder` in `format`, under a
/// new name. Returns where it went and how many entries it holds.
///
/// Nothing appears under that name until it is complete (each file is made
/// under a temp name beside it and renamed), nothing is left behind when it
/// fails, the files are the member's alone (0600, the folder 0700), and no
/// link someone left in the folder is ever written through.
pub async fn write(
    db: &Database,
    clock: &dyn Clock,
    folder: &Path,
    now: DateTime<Utc>,
    format: Format,
) -> Result<(PathBuf, usize)> {
    let journal = Journal::new(db, clock);
    let entries = journal.all_entries(false).await?;
    let name = format!("Alongside {}", journal.local_day(now));
    std::fs::create_dir_all(folder)?;
    let out = Unfinished::new(db);
    let target = match format {
        Format::Markdown => {
            let sessions = Sessions::new(db)
                .all()
                .await
                .map_err(TransferError::section)?;
            let sessions = sessions.iter().map(|s| (s.id.as_str(), s)).collect();
            let files: Vec<_> = markdown_files(journal, &entries, &sessions).collect();
            out.write_plain_folder(folder, &name, files, now).await?
        }
        Format::Json => {
            let text = serde_json::to_vec_pretty(&serde_json::json!({ "entries": entries }))
                .map_err(|_| TransferError::Encode)?;
            out.write_plain_file(folder, &name, ".json", &text, now)
                .await?
        }
    };
    Ok((target, entries.len()))
}

/// Each entry's file name (unique within the export) and Markdown.
fn markdown_files<'a>(
    journal: Journal<'a>,
    entries: &'a [Entry],
    sessions: &'a HashMap<&str, &Session>,
) -> impl Iterator<Item = (String, String)> + 'a {
    let mut names = HashSet::new();
    entries.iter().map(move |entry| {
        let stem = file_stem(journal, entry);
        let mut name = format!("{stem}.md");
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{stem}-{n}.md");
            n += 1;
        }
        let session = entry
            .session_id
            .as_deref()
            .and_then(|id| sessions.get(id).copied());
        (name, markdown_file(journal, entry, session))
    })
}

/// Room for the title's words in a file name: most file systems allow 255
/// bytes, and 60 letters outside the BMP (𝐁𝐨𝐥𝐝 text pasted from a phone) take
/// 240 on their own, before the date, a `-2` and `.md`.
const MAX_WORDS_BYTES: usize = 200;

/// `2026-11-27 0930 first words of the title`, safe on every file system.
fn file_stem(journal: Journal<'_>, entry: &Entry) -> String {
    let when = journal
        .local_time(&entry.created_at)
        .map(|t| t.format("%Y-%m-%d %H%M").to_string())
        .unwrap_or_else(|| entry.created_at.chars().take(10).collect());
    let words: String = entry
        .title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(60)
        .scan(0, |bytes, c| {
            *bytes += c.len_utf8();
            (*bytes <= MAX_WORDS_BYTES).then_some(c)
        })
        .collect();
    let words = words.trim_end();
    if words.is_empty() {
        when
    } else {
        format!("{when} {words}")
    }
}

/// Front matter in YAML: strings are written as JSON strings, which YAML
/// reads as the same double-quoted strings, so no title can break it.
pub fn markdown_file(journal: Journal<'_>, entry: &Entry, session: Option<&Session>) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let list = |items: &[String]| {
        format!(
            "[{}]",
            items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
        )
    };
    let local = |t: &str| {
        journal
            .local_time(t)
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| t.to_owned())
    };
    let mut out = String::from("---\n");
    out += &format!("id: {}\n", q(&entry.id));
    if !entry.title.is_empty() {
        out += &format!("title: {}\n", q(&entry.title));
    }
    out += &format!("created: {}\n", local(&entry.created_at));
    out += &format!("updated: {}\n", local(&entry.updated_at));
    if let Some(mood) = entry.mood {
        out += &format!("mood: {mood}\n");
    }
    if !entry.feelings.is_empty() {
        out += &format!("feelings: {}\n", list(&entry.feelings));
    }
    if !entry.tags.is_empty() {
        out += &format!("tags: {}\n", list(&entry.tags));
    }
    if let Some(prompt) = &entry.prompt_id {
        out += &format!("prompt: {}\n", q(prompt));
    }
    if let Some(id) = &entry.session_id {
        out += &format!("session: {}\n", q(id));
    }
    // What the clinic called it and when, for a reader without the app.
    if let Some(session) = session {
        out += &format!("session_title: {}\n", q(&session.title));
        out += &format!("session_start: {}\n", local(&session.starts_at));
    }
    out += "---\n\n";
    out += &entry.body;
    if !entry.body.ends_with('\n') {
        out.push('\n');
    }
    out
}
