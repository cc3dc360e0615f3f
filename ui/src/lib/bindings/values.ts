// Generated from the Rust contract by scripts/gen-bindings; do not edit.
import type { EntryLimits, ErrorCode } from "./types";

/** What an entry may hold; the journal refuses more. */
export const entryLimits: EntryLimits = {"titleChars":300,"bodyBytes":1000000,"labels":30,"tagChars":40};

/** The feelings an entry can hold; their words are `journal.feelings.<id>`. */
export const feelings = ["anxious", "calm", "sad", "hopeful", "angry", "lonely", "grateful", "overwhelmed", "tired", "proud", "ashamed", "content", "scared", "relieved", "frustrated", "loved", "numb", "excited", "guilty", "peaceful", "hurt", "confused", "motivated", "irritable"] as const;

/** The exercise library, in order; each is `practice/exercises/<id>.json`. */
export const exerciseIds = ["box-breathing", "breathing-4-7-8", "paced-breathing", "longer-exhale", "senses-5-4-3-2-1", "muscle-relaxation", "body-scan", "leaves-on-a-stream", "thought-record", "dbt-stop", "dbt-tipp", "dear-man", "opposite-action", "self-compassion-break"] as const;

/** The longest note to the facilitators with "I can't make it"; longer is cut. */
export const replyNoteChars = 500;

/** Every error code a command can answer with. */
export const errorCodes: readonly ErrorCode[] = ["locked", "vault_not_set_up", "vault_exists", "vault_damaged", "wrong_passphrase", "wrong_recovery_code", "too_many_attempts", "weak_passphrase", "passphrase_required", "keyring_unavailable", "database_unreadable", "database", "io", "internal", "invalid_setting", "settings_damaged", "settings_not_saved", "not_found", "invalid_entry", "journal_not_empty", "backup_wrong_passphrase", "backup_not_a_backup", "backup_damaged", "backup_newer_version", "backup_no_passphrase", "backup_too_large", "folder_not_absolute", "export_not_acknowledged", "encode", "not_a_file", "file_not_found", "file_permission", "file_io", "import_not_json", "import_zip", "import_unknown_format", "import_too_large", "transfer_cancelled", "clinic_bad_address", "clinic_unreachable", "clinic_error", "clinic_busy", "clinic_too_large", "clinic_insecure_endpoint", "clinic_no_sign_in", "clinic_not_signed_in", "clinic_sign_in_expired", "clinic_not_accepted", "clinic_not_granted", "clinic_not_shared", "reply_closed", "sign_in_cancelled", "sign_in_timed_out", "sign_in_refused", "sign_in_listener", "session_title_invalid", "zone_unknown", "weeks_out_of_range", "skipped_too_many", "lead_time_invalid", "quiet_hours_invalid", "routine_invalid", "exercise_unknown", "distress_invalid", "goal_invalid", "answer_invalid", "homework_invalid", "safety_plan_invalid", "check_unanswered", "check_invalid", "check_cadence_invalid", "invalid_link", "open_failed", "clipboard_unavailable", "window", "autostart_failed"];
