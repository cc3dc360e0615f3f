//! TypeScript bindings for the UI, generated from the Rust types with
//! `ts-rs`. The files under `ui/src/lib/bindings/` are committed; the test
//! below fails when they drift from the Rust side, and `scripts/gen-bindings`
//! rewrites them.

use crate::app_state::AppInfo;
use crate::clinic::{ClinicStatus, LedgerAction, LedgerEntry, Session};
use crate::commands::PathKind;
use crate::error::AppError;
use crate::journal::{
    CalendarDay, Entry, EntryDraft, EntrySummary, MoodBucket, MoodPoint, SearchHit, SearchQuery,
    TimelineCursor, TimelinePage,
};
use crate::settings::{Language, Settings};
use crate::transfer::auto_backup::{BackupFile, BackupSettings};
use crate::transfer::import::{ImportFormat, SkipReason, Skipped};
use crate::transfer::{ExportDone, ImportReport};
use crate::vault::strength::PassphraseStrength;
use crate::vault::suggest::SuggestedPassphrase;
use crate::vault::{LockReason, RecoveryCode, VaultState, VaultStatus};
use ts_rs::{Config, TS};

type TsName = fn(&Config) -> String;

/// One command as the UI calls it.
pub struct CommandSig {
    pub name: &'static str,
    pub args: &'static [(&'static str, TsName)],
    pub returns: TsName,
}

/// Keep in step with `commands::handler()`.
pub const COMMANDS: &[CommandSig] = &[
    CommandSig {
        name: "app_info",
        args: &[],
        returns: AppInfo::name,
    },
    CommandSig {
        name: "backup_configure",
        args: &[
            ("passphrase", <Option<String>>::name),
            ("folder", String::name),
            ("automatic", bool::name),
            ("vault_passphrase", <Option<String>>::name),
        ],
        returns: BackupSettings::name,
    },
    CommandSig {
        name: "backup_now",
        args: &[],
        returns: BackupFile::name,
    },
    CommandSig {
        name: "backup_restore",
        args: &[("path", String::name), ("passphrase", String::name)],
        returns: u32::name,
    },
    CommandSig {
        name: "backup_settings",
        args: &[],
        returns: BackupSettings::name,
    },
    CommandSig {
        name: "choose_path",
        args: &[
            ("kind", PathKind::name),
            ("title", String::name),
            ("start", <Option<String>>::name),
        ],
        returns: <Option<String>>::name,
    },
    CommandSig {
        name: "clinic_cancel_sign_in",
        args: &[],
        returns: <()>::name,
    },
    CommandSig {
        name: "clinic_ledger",
        args: &[],
        returns: <Vec<LedgerEntry>>::name,
    },
    CommandSig {
        name: "clinic_sign_in",
        args: &[("address", String::name)],
        returns: ClinicStatus::name,
    },
    CommandSig {
        name: "clinic_sign_out",
        args: &[],
        returns: ClinicStatus::name,
    },
    CommandSig {
        name: "clinic_status",
        args: &[],
        returns: ClinicStatus::name,
    },
    CommandSig {
        name: "clinic_sync",
        args: &[],
        returns: ClinicStatus::name,
    },
    CommandSig {
        name: "clipboard_copy_secret",
        args: &[("text", String::name)],
        returns: <()>::name,
    },
    CommandSig {
        name: "export_json",
        args: &[
            ("folder", String::name),
            ("understood", bool::name),
            ("passphrase", String::name),
        ],
        returns: ExportDone::name,
    },
    CommandSig {
        name: "export_markdown",
        args: &[
            ("folder", String::name),
            ("understood", bool::name),
            ("passphrase", String::name),
        ],
        returns: ExportDone::name,
    },
    CommandSig {
        name: "home_folder",
        args: &[],
        returns: String::name,
    },
    CommandSig {
        name: "import_journal",
        args: &[("path", String::name)],
        returns: ImportReport::name,
    },
    CommandSig {
        name: "journal_calendar",
        args: &[("year", i32::name), ("month", u32::name)],
        returns: <Vec<CalendarDay>>::name,
    },
    CommandSig {
        name: "journal_empty_trash",
        args: &[],
        returns: u32::name,
    },
    CommandSig {
        name: "journal_get",
        args: &[("id", String::name)],
        returns: Entry::name,
    },
    CommandSig {
        name: "journal_mood_series",
        args: &[("bucket", MoodBucket::name), ("count", u32::name)],
        returns: <Vec<MoodPoint>>::name,
    },
    CommandSig {
        name: "journal_on_this_day",
        args: &[],
        returns: <Vec<EntrySummary>>::name,
    },
    CommandSig {
        name: "journal_restore",
        args: &[("id", String::name)],
        returns: Entry::name,
    },
    CommandSig {
        name: "journal_save",
        args: &[("draft", EntryDraft::name)],
        returns: Entry::name,
    },
    CommandSig {
        name: "journal_search",
        args: &[("query", SearchQuery::name)],
        returns: <Vec<SearchHit>>::name,
    },
    CommandSig {
        name: "journal_sessions",
        args: &[("linked", <Option<String>>::name)],
        returns: <Vec<Session>>::name,
    },
    CommandSig {
        name: "journal_timeline",
        args: &[
            ("before", <Option<TimelineCursor>>::name),
            ("limit", u32::name),
        ],
        returns: TimelinePage::name,
    },
    CommandSig {
        name: "journal_trash",
        args: &[("id", String::name)],
        returns: Entry::name,
    },
    CommandSig {
        name: "journal_trash_list",
        args: &[],
        returns: <Vec<EntrySummary>>::name,
    },
    CommandSig {
        name: "open_contact_link",
        args: &[("uri", String::name)],
        returns: <()>::name,
    },
    CommandSig {
        name: "open_web_link",
        args: &[("url", String::name)],
        returns: <()>::name,
    },
    CommandSig {
        name: "sessions_list",
        args: &[],
        returns: <Vec<Session>>::name,
    },
    CommandSig {
        name: "settings_get",
        args: &[],
        returns: Settings::name,
    },
    CommandSig {
        name: "settings_set_auto_lock",
        args: &[("minutes", <Option<u32>>::name)],
        returns: Settings::name,
    },
    CommandSig {
        name: "settings_set_language",
        args: &[("language", Language::name)],
        returns: Settings::name,
    },
    CommandSig {
        name: "shell_ready",
        args: &[],
        returns: <()>::name,
    },
    CommandSig {
        name: "vault_change_passphrase",
        args: &[("current", String::name), ("next", String::name)],
        returns: <()>::name,
    },
    CommandSig {
        name: "vault_check_passphrase",
        args: &[("passphrase", String::name)],
        returns: PassphraseStrength::name,
    },
    CommandSig {
        name: "vault_create",
        args: &[("passphrase", String::name)],
        returns: RecoveryCode::name,
    },
    CommandSig {
        name: "vault_lock",
        args: &[],
        returns: VaultStatus::name,
    },
    CommandSig {
        name: "vault_new_recovery_code",
        args: &[("passphrase", String::name)],
        returns: RecoveryCode::name,
    },
    CommandSig {
        name: "vault_reset_with_recovery",
        args: &[("code", String::name), ("next", String::name)],
        returns: VaultStatus::name,
    },
    CommandSig {
        name: "vault_set_auto_unlock",
        args: &[
            ("enabled", bool::name),
            ("passphrase", <Option<String>>::name),
        ],
        returns: VaultStatus::name,
    },
    CommandSig {
        name: "vault_status",
        args: &[],
        returns: VaultStatus::name,
    },
    CommandSig {
        name: "vault_suggest_passphrase",
        args: &[("language", String::name)],
        returns: SuggestedPassphrase::name,
    },
    CommandSig {
        name: "vault_touch",
        args: &[],
        returns: <()>::name,
    },
    CommandSig {
        name: "vault_unlock",
        args: &[("passphrase", String::name)],
        returns: VaultStatus::name,
    },
];

const HEADER: &str = "// Generated from the Rust types by scripts/gen-bindings; do not edit.\n";

pub fn types_ts() -> String {
    let cfg = Config::new();
    let mut decls = [
        AppError::decl(&cfg),
        AppInfo::decl(&cfg),
        BackupFile::decl(&cfg),
        BackupSettings::decl(&cfg),
        ClinicStatus::decl(&cfg),
        LedgerAction::decl(&cfg),
        LedgerEntry::decl(&cfg),
        Session::decl(&cfg),
        ExportDone::decl(&cfg),
        PathKind::decl(&cfg),
        ImportFormat::decl(&cfg),
        ImportReport::decl(&cfg),
        SkipReason::decl(&cfg),
        Skipped::decl(&cfg),
        CalendarDay::decl(&cfg),
        Entry::decl(&cfg),
        EntryDraft::decl(&cfg),
        EntrySummary::decl(&cfg),
        MoodBucket::decl(&cfg),
        MoodPoint::decl(&cfg),
        SearchHit::decl(&cfg),
        SearchQuery::decl(&cfg),
        TimelineCursor::decl(&cfg),
        TimelinePage::decl(&cfg),
        Language::decl(&cfg),
        LockReason::decl(&cfg),
        PassphraseStrength::decl(&cfg),
        RecoveryCode::decl(&cfg),
        Settings::decl(&cfg),
        SuggestedPassphrase::decl(&cfg),
        VaultState::decl(&cfg),
        VaultStatus::decl(&cfg),
    ];
    decls.sort();
    let mut out = String::from(HEADER);
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

pub fn commands_ts() -> String {
    let cfg = Config::new();
    let mut used_types: Vec<String> = COMMANDS
        .iter()
        .flat_map(|c| {
            c.args
                .iter()
                .map(|(_, t)| t(&cfg))
                .chain([(c.returns)(&cfg)])
        })
        .flat_map(|t| {
            t.replace("Array<", "")
                .replace('>', "")
                .split(" | ")
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|t| t.starts_with(|ch: char| ch.is_ascii_uppercase()))
        .collect();
    used_types.sort();
    used_types.dedup();

    let mut out = String::from(HEADER);
    out.push_str("import { invoke } from \"@tauri-apps/api/core\";\n");
    out.push_str(&format!(
        "import type {{ {} }} from \"./types\";\n\n",
        used_types.join(", ")
    ));
    out.push_str("export const commands = {\n");
    for c in COMMANDS {
        let params: Vec<String> = c
            .args
            .iter()
            .map(|(n, t)| format!("{}: {}", camel(n), t(&cfg)))
            .collect();
        let keys: Vec<String> = c.args.iter().map(|(n, _)| camel(n)).collect();
        let payload = if keys.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", keys.join(", "))
        };
        out.push_str(&format!(
            "  {}: ({}): Promise<{}> => invoke(\"{}\"{}),\n",
            camel(c.name),
            params.join(", "),
            (c.returns)(&cfg),
            c.name,
            payload
        ));
    }
    out.push_str("};\n");
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
    use std::path::PathBuf;

    fn bindings_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings")
    }

    #[test]
    fn camel_case_matches_tauri() {
        assert_eq!(camel("settings_set_language"), "settingsSetLanguage");
        assert_eq!(camel("uri"), "uri");
    }

    #[test]
    fn bindings_are_current() {
        let dir = bindings_dir();
        let files = [("types.ts", types_ts()), ("commands.ts", commands_ts())];
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
                "ui/src/lib/bindings/{name} is out of date with the Rust types; run scripts/gen-bindings\n--- expected ---\n{text}"
            );
        }
    }
}
