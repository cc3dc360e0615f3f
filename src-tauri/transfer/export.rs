//! Plain exports — not encrypted, which the UI says before anything is
//! written: Markdown, one file per entry with its details in front matter
//! (read by Obsidian, Jekyll, Hugo, …), or one JSON file.

use super::{Result, TransferError};
use crate::clinic::{Session, Sessions};
use crate::journal::{Entry, Journal};
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
pub async fn write(
    journal: &Journal,
    db: &Database,
    folder: &Path,
    now: DateTime<Utc>,
    format: Format,
) -> Result<(PathBuf, usize)> {
    let entries = journal.all_entries(db, false).await?;
    let name = format!("Alongside {}", journal.local_day(now));
    let target = match format {
        Format::Markdown => fresh_path(folder, &name, ""),
        Format::Json => fresh_path(folder, &name, ".json"),
    };
    std::fs::create_dir_all(folder)?;
    match format {
        Format::Markdown => {
            let sessions = Sessions::new(db).all().await?;
            let sessions = sessions.iter().map(|s| (s.id.as_str(), s)).collect();
            write_markdown(journal, &entries, &sessions, &target)?
        }
        Format::Json => {
            let text = serde_json::to_vec_pretty(&serde_json::json!({ "entries": entries }))
                .map_err(|_| TransferError::Encode)?;
            std::fs::write(&target, text)?;
        }
    }
    Ok((target, entries.len()))
}

fn write_markdown(
    journal: &Journal,
    entries: &[Entry],
    sessions: &HashMap<&str, &Session>,
    target: &Path,
) -> Result<()> {
    std::fs::create_dir(target)?;
    let mut names = HashSet::new();
    for entry in entries {
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
        std::fs::write(target.join(name), markdown_file(journal, entry, session))?;
    }
    Ok(())
}

/// `name` in `folder`, or `name (2)`, … so an export never overwrites.
fn fresh_path(folder: &Path, name: &str, ext: &str) -> PathBuf {
    let mut path = folder.join(format!("{name}{ext}"));
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("{name} ({n}){ext}"));
        n += 1;
    }
    path
}

/// `2026-11-27 0930 first words of the title`, safe on every file system.
fn file_stem(journal: &Journal, entry: &Entry) -> String {
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
        .collect();
    if words.is_empty() {
        when
    } else {
        format!("{when} {words}")
    }
}

/// Front matter in YAML: strings are written as JSON strings, which YAML
/// reads as the same double-quoted strings, so no title can break it.
pub fn markdown_file(journal: &Journal, entry: &Entry, session: Option<&Session>) -> String {
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
