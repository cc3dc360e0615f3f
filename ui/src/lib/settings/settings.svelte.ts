import { commands } from "../bindings/commands";
import type { Language, Settings } from "../bindings/types";
import { resolveLocale, setLocale } from "../i18n/index.svelte";

export const defaultAutoLockMinutes = 5;

export const preferences = $state<{ language: Language; autoLockMinutes: number | null }>({
  language: "system",
  autoLockMinutes: defaultAutoLockMinutes,
});

export function isLanguage(value: string): value is Language {
  return value === "system" || value === "en" || value === "es";
}

export function applyLanguage(language: Language): void {
  preferences.language = language;
  setLocale(resolveLocale(language));
}

function applySettings(settings: Settings): void {
  applyLanguage(settings.language);
  // An older settings file has no auto-lock entry; the safe default applies until one is saved.
  preferences.autoLockMinutes = settings.autoLockMinutes === undefined ? defaultAutoLockMinutes : settings.autoLockMinutes;
}

/** Loads saved settings; on failure the app keeps the system language rather than blocking. */
export async function loadSettings(): Promise<void> {
  try {
    applySettings(await commands.settingsGet());
  } catch {
    applyLanguage("system");
  }
}

/** Saves first and applies what the backend stored, so the screen never shows an unsaved choice. */
export async function saveLanguage(language: Language): Promise<void> {
  applySettings(await commands.settingsSetLanguage(language));
}

/** `null` means never lock by itself. */
export async function saveAutoLock(minutes: number | null): Promise<void> {
  applySettings(await commands.settingsSetAutoLock(minutes));
}
