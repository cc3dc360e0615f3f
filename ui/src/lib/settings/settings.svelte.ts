import { commands } from "../bindings/commands";
import type { HelpContact, Language, Settings } from "../bindings/types";
import { resolveLocale, setLocale } from "../i18n/index.svelte";

export const defaultAutoLockMinutes = 5;

export const preferences = $state<{
  language: Language;
  autoLockMinutes: number | null;
  closeToTray: boolean | null;
  crisisCountry: string | null;
  clinicCountry: string | null;
  helpContact: HelpContact | null;
}>({
  language: "system",
  autoLockMinutes: defaultAutoLockMinutes,
  // Null until the member answers the first close (or chooses here).
  closeToTray: null,
  // Null until the member chooses: the clinic's country, else the app's default, applies.
  crisisCountry: null,
  clinicCountry: null,
  helpContact: null,
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
  // An older settings file has no tray choice either: not asked yet.
  preferences.closeToTray = settings.closeToTray ?? null;
  preferences.crisisCountry = settings.crisisCountry ?? null;
  preferences.clinicCountry = settings.clinicCountry ?? null;
  preferences.helpContact = settings.helpContact ?? null;
}

/** Loads saved settings; on failure the app keeps the system language rather than blocking. */
export async function loadSettings(asked?: Promise<Settings>): Promise<void> {
  try {
    applySettings(await (asked ?? commands.settingsGet()));
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

/** Whether closing the window keeps Alongside running in the tray. */
export async function saveCloseToTray(on: boolean): Promise<void> {
  applySettings(await commands.settingsSetCloseToTray(on));
}

/** Which country's crisis lines Need help now lists; `null` follows the clinic's country. */
export async function saveCrisisCountry(country: string | null): Promise<void> {
  applySettings(await commands.settingsSetCrisisCountry(country));
}

/** The clinic's phone and hours for Need help now; `null` removes them. */
export async function saveHelpContact(contact: HelpContact | null): Promise<void> {
  applySettings(await commands.settingsSetHelpContact(contact));
}
