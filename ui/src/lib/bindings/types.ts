// Generated from the Rust types by scripts/gen-bindings; do not edit.
export type AppError = { code: string, message: string, };
export type AppInfo = { version: string, dataDir: string, };
export type Language = "system" | "en" | "es";
export type LockReason = "manual" | "idle" | "session";
export type PassphraseStrength = { score: number, acceptable: boolean, };
export type RecoveryCode = { code: string, };
export type Settings = { language: Language, autoLockMinutes: number | null, };
export type VaultState = "absent" | "locked" | "unlocked";
export type VaultStatus = { state: VaultState, autoUnlock: boolean, keyringAvailable: boolean, autoUnlockFailed: boolean, retryAfterSecs: number | null, };
