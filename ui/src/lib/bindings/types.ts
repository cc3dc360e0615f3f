// Generated from the Rust types by scripts/gen-bindings; do not edit.
export type AppError = { code: string, message: string, };
export type AppInfo = { version: string, dataDir: string, };
export type CalendarDay = { date: string, entries: number, averageMood: number | null, };
export type Entry = { id: string, title: string, body: string, mood: number | null, feelings: Array<string>, tags: Array<string>, promptId: string | null, createdAt: string, updatedAt: string, deletedAt: string | null, };
export type EntryDraft = { id: string | null, title: string, body: string, mood: number | null, feelings: Array<string>, tags: Array<string>, promptId: string | null, };
export type EntrySummary = { id: string, title: string, excerpt: string, mood: number | null, feelings: Array<string>, tags: Array<string>, createdAt: string, updatedAt: string, };
export type Language = "system" | "en" | "es";
export type LockReason = "manual" | "idle" | "session";
export type MoodBucket = "week" | "month";
export type MoodPoint = { start: string, entries: number, averageMood: number | null, };
export type PassphraseStrength = { score: number, acceptable: boolean, };
export type RecoveryCode = { code: string, };
export type SearchHit = { entry: EntrySummary, snippet: string, };
export type SearchQuery = { text: string, 
/**
 * Local dates, `YYYY-MM-DD`, both inclusive.
 */
from: string | null, to: string | null, moodMin: number | null, moodMax: number | null, feeling: string | null, tag: string | null, };
export type Settings = { language: Language, autoLockMinutes: number | null, };
export type TimelineCursor = { createdAt: string, id: string, };
export type TimelinePage = { entries: Array<EntrySummary>, next: TimelineCursor | null, };
export type VaultState = "absent" | "locked" | "unlocked";
export type VaultStatus = { state: VaultState, autoUnlock: boolean, keyringAvailable: boolean, autoUnlockFailed: boolean, retryAfterSecs: number | null, };
