import { commands } from "./bindings/commands";
import type { Language } from "./bindings/types";
import { resolveLocale, setLocale } from "./i18n/index.svelte";

export const preferences = $state<{ language: Language }>({ language: "system" });

export function isLanguage(value: string): value is Language {
  return value === "system" || value === "en" || value === "es";
}

export function applyLanguage(language: Language): void {
  preferences.language = language;
  setLocale(resolveLocale(language));
}

/** Loads saved settings; on failure the app keeps the system language rather than blocking. */
export async function loadSettings(): Promise<void> {
  try {
    const settings = await commands.settingsGet();
    applyLanguage(settings.language);
  } catch {
    applyLanguage("system");
  }
}

/** Saves first and applies what the backend stored, so the screen never shows an unsaved choice. */
export async function saveLanguage(language: Language): Promise<void> {
  const settings = await commands.settingsSetLanguage(language);
  applyLanguage(settings.language);
}
