import type { AppError } from "../bindings/types";
import { hasKey } from "../i18n/index.svelte";

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>).code === "string" &&
    typeof (value as Record<string, unknown>).message === "string"
  );
}

/**
 * The message key for a failed command. Backend text is never shown: it is English-only
 * and may be technical, so only the code is used and unknown codes get a generic message.
 * Returns a key (not text) so the message follows a later language switch.
 */
export function errorKey(error: unknown): string {
  if (isAppError(error)) {
    const key = `errors.${error.code}`;
    if (hasKey(key, "en")) return key;
  }
  return "errors.unknown";
}
