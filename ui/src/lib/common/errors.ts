import { errorCodes } from "../bindings/values";
import type { AppError, ErrorCode } from "../bindings/types";
import en from "../i18n/en.json";
import es from "../i18n/es.json";
import { hasKey } from "../i18n/index.svelte";

// Checked by the compiler: every code the contract declares has words in both languages.
const translated: readonly Record<ErrorCode, string>[] = [en.errors, es.errors];
void translated;

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    errorCodes.includes((value as Record<string, unknown>).code as ErrorCode) &&
    typeof (value as Record<string, unknown>).message === "string"
  );
}

export function isCode(error: unknown, code: ErrorCode): boolean {
  return isAppError(error) && error.code === code;
}

let lockedHandler: (() => void) | null = null;

/**
 * Who to tell when a command answers `locked`: the vault closed underneath the screen
 * (idle or session lock). The vault sets this when it loads, so whichever view got the
 * answer, the unlock screen comes up; this module never needs to know about the vault.
 */
export function onLockedAnswer(handler: (() => void) | null): void {
  lockedHandler = handler;
}

/**
 * The message key for an error code the backend recorded earlier, such as a backup's
 * last failure or a ledger row's outcome. Unknown codes get a generic message.
 */
export function codeKey(code: string): string {
  const key = `errors.${code}`;
  return hasKey(key, "en") ? key : "errors.unknown";
}

/**
 * The message key for a failed command; every view maps its failures through this.
 * Backend text is never shown: it is English-only and may be technical, so only the
 * code is used and unknown codes get a generic message. Returns a key (not text) so
 * the message follows a later language switch. A `locked` answer also brings the
 * gate up to date, so the unlock screen replaces whatever the member was looking at.
 */
export function errorKey(error: unknown): string {
  if (!isAppError(error)) return "errors.unknown";
  if (error.code === "locked") lockedHandler?.();
  return codeKey(error.code);
}
