//! TypeScript for the UI, generated from the contract with `ts-rs`. The
//! files under `ui/src/lib/bindings/` are committed; the test below fails
//! when they drift from the Rust side, and `scripts/gen-bindings` rewrites
//! them.

use super::declare::Declarations;
use super::{CommandSig, EventSig, COMMANDS, EVENTS};
use crate::error::{AppError, ErrorCode};
use alongside_core::journal::{ENTRY_LIMITS, FEELINGS};
use ts_rs::{Config, TypeVisitor};

const HEADER: &str = "// Generated from the Rust contract by scripts/gen-bindings; do not edit.\n";

pub fn types_ts() -> String {
    let mut all = Declarations::default();
    all.visit::<AppError>();
    all.visit::<ErrorCode>();
    all.visit::<alongside_core::journal::EntryLimits>();
    for command in COMMANDS {
        for (_, arg) in command.args {
            (arg.collect)(&mut all);
        }
        (command.returns.collect)(&mut all);
    }
    for event in EVENTS {
        (event.payload.collect)(&mut all);
    }
    let mut out = String::from(HEADER);
    for decl in all.decls.values() {
        out.push_str("export ");
        out.push_str(decl);
        out.push('\n');
    }
    out
}

/// Named types a list of TypeScript type expressions mentions.
fn named_types(types: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = types
        .flat_map(|t| {
            t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| w.starts_with(|ch: char| ch.is_ascii_uppercase()) && *w != "Array")
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn args_type(command: &CommandSig, cfg: &Config) -> String {
    if command.args.is_empty() {
        return "Record<string, never>".to_owned();
    }
    let fields: Vec<String> = command
        .args
        .iter()
        .map(|(name, ts)| format!("{}: {}", camel(name), (ts.name)(cfg)))
        .collect();
    format!("{{ {} }}", fields.join("; "))
}

pub fn commands_ts() -> String {
    let cfg = Config::new();
    let used = named_types(COMMANDS.iter().flat_map(|c| {
        c.args
            .iter()
            .map(|(_, t)| (t.name)(&cfg))
            .chain([(c.returns.name)(&cfg)])
    }));

    let mut out = String::from(HEADER);
    out.push_str("import { invoke } from \"@tauri-apps/api/core\";\n");
    out.push_str(&format!(
        "import type {{ {} }} from \"./types\";\n\n",
        used.join(", ")
    ));
    out.push_str("/** What each command takes, keyed as the UI sends it. */\n");
    out.push_str("export type CommandArgs = {\n");
    for c in COMMANDS {
        out.push_str(&format!("  {}: {};\n", c.name, args_type(c, &cfg)));
    }
    out.push_str("};\n\n/** What each command answers with. */\n");
    out.push_str("export type CommandResults = {\n");
    for c in COMMANDS {
        out.push_str(&format!("  {}: {};\n", c.name, (c.returns.name)(&cfg)));
    }
    out.push_str("};\n\nexport type CommandName = keyof CommandArgs;\n\n");
    out.push_str("export const commands = {\n");
    for c in COMMANDS {
        let params: Vec<String> = c
            .args
            .iter()
            .map(|(n, t)| format!("{}: {}", camel(n), (t.name)(&cfg)))
            .collect();
        let keys: Vec<String> = c.args.iter().map(|(n, _)| camel(n)).collect();
        let payload = if keys.is_empty() {
            String::new()
        } else {
            format!(
                ", {{ {} }} satisfies CommandArgs[\"{}\"]",
                keys.join(", "),
                c.name
            )
        };
        out.push_str(&format!(
            "  {}: ({}): Promise<CommandResults[\"{}\"]> => invoke(\"{}\"{}),\n",
            camel(c.name),
            params.join(", "),
            c.name,
            c.name,
            payload
        ));
    }
    out.push_str("};\n");
    out
}

fn event_ts(event: &EventSig, cfg: &Config) -> String {
    (event.payload.name)(cfg)
}

pub fn events_ts() -> String {
    let cfg = Config::new();
    let used = named_types(EVENTS.iter().map(|e| event_ts(e, &cfg)));
    let mut out = String::from(HEADER);
    out.push_str("import { listen, type UnlistenFn } from \"@tauri-apps/api/event\";\n");
    if !used.is_empty() {
        out.push_str(&format!(
            "import type {{ {} }} from \"./types\";\n",
            used.join(", ")
        ));
    }
    out.push_str("\nexport const events = {\n");
    for e in EVENTS {
        out.push_str(&format!(
            "  {}: \"{}\",\n",
            camel(&e.constant.to_lowercase()),
            e.name
        ));
    }
    out.push_str("} as const;\n\n/** What each event carries. */\nexport type EventPayloads = {\n");
    for e in EVENTS {
        out.push_str(&format!("  \"{}\": {};\n", e.name, event_ts(e, &cfg)));
    }
    out.push_str(
        "};\n\nexport type EventName = keyof EventPayloads;\n\n\
         /** Listens to one of the shell's events with its payload typed. */\n\
         export function onEvent<K extends EventName>(name: K, handler: (payload: EventPayloads[K]) => void): Promise<UnlistenFn> {\n  \
         return listen<EventPayloads[K]>(name, (event) => handler(event.payload));\n}\n",
    );
    out
}

/// Values the UI must agree with Rust on, so they are not copied by hand.
pub fn values_ts() -> String {
    let mut out = String::from(HEADER);
    out.push_str("import type { EntryLimits, ErrorCode } from \"./types\";\n\n");
    let limits = serde_json::to_string(&ENTRY_LIMITS).unwrap_or_default();
    out.push_str(&format!(
        "/** What an entry may hold; the journal refuses more. */\nexport const entryLimits: EntryLimits = {limits};\n\n"
    ));
    let feelings: Vec<String> = FEELINGS.iter().map(|f| format!("\"{f}\"")).collect();
    out.push_str(&format!(
        "/** The feelings an entry can hold; their words are `journal.feelings.<id>`. */\nexport const feelings = [{}] as const;\n\n",
        feelings.join(", ")
    ));
    let exercises: Vec<String> = alongside_core::practice::library::ids()
        .map(|id| format!("\"{id}\""))
        .collect();
    out.push_str(&format!(
        "/** The exercise library, in order; each is `practice/exercises/<id>.json`. */\nexport const exerciseIds = [{}] as const;\n\n",
        exercises.join(", ")
    ));
    out.push_str(&format!(
        "/** The longest note to the facilitators with \"I can't make it\"; longer is cut. */\nexport const replyNoteChars = {};\n\n",
        alongside_core::clinic::MAX_NOTE_CHARS
    ));
    let codes: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| format!("\"{}\"", c.as_str()))
        .collect();
    out.push_str(&format!(
        "/** Every error code a command can answer with. */\nexport const errorCodes: readonly ErrorCode[] = [{}];\n",
        codes.join(", ")
    ));
    out
}

/// Tauri turns snake_case argument names into camelCase keys.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for ch in snake.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.push(ch.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::path::PathBuf;

    fn ui_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib")
    }

    #[test]
    fn camel_case_matches_tauri() {
        assert_eq!(camel("settings_set_language"), "settingsSetLanguage");
        assert_eq!(camel("uri"), "uri");
    }

    #[test]
    fn bindings_are_current() {
        let dir = ui_dir().join("bindings");
        let files = [
            ("types.ts", types_ts()),
            ("commands.ts", commands_ts()),
            ("events.ts", events_ts()),
            ("values.ts", values_ts()),
        ];
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            for (name, text) in &files {
                std::fs::write(dir.join(name), text).unwrap();
            }
        }
        for (name, text) in &files {
            let on_disk = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            assert!(
                on_disk == *text,
                "ui/src/lib/bindings/{name} is out of date with the Rust contract; run scripts/gen-bindings\n--- expected ---\n{text}"
            );
        }
    }

    #[test]
    fn every_error_code_and_feeling_has_english_and_spanish_words() {
        for language in ["en", "es"] {
            let path = ui_dir().join(format!("i18n/{language}.json"));
            let text = std::fs::read_to_string(&path).unwrap();
            let words: serde_json::Value = serde_json::from_str(&text).unwrap();
            let missing: Vec<&str> = ErrorCode::ALL
                .iter()
                .map(|c| c.as_str())
                .filter(|code| !words["errors"][code].is_string())
                .collect();
            assert!(
                missing.is_empty(),
                "{language}.json has no errors.<code> for {missing:?}"
            );
            let missing: Vec<&&str> = FEELINGS
                .iter()
                .filter(|f| !words["journal"]["feelings"][**f].is_string())
                .collect();
            assert!(
                missing.is_empty(),
                "{language}.json has no journal.feelings.<id> for {missing:?}"
            );
        }
    }

    #[test]
    fn command_and_event_names_are_unique() {
        let mut names = HashSet::new();
        for c in COMMANDS {
            assert!(names.insert(c.name), "{} declared twice", c.name);
        }
        for e in EVENTS {
            assert!(names.insert(e.name), "{} declared twice", e.name);
        }
    }
}
