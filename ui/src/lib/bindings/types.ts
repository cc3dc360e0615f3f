// Generated from the Rust types by scripts/gen-bindings; do not edit.
export type AppError = { code: string, message: string, };
export type AppInfo = { version: string, dataDir: string, };
export type Language = "system" | "en" | "es";
export type Settings = { language: Language, };
