import { t } from "../i18n/index.svelte";

export const themes = ["anxiety", "lowMood", "grief", "relationships", "afterSession", "gratitude"] as const;
export type Theme = (typeof themes)[number];

/** A writing prompt; its text is `journal.prompts.<id>` for built-in prompts, or `text` for clinic ones. */
export type Prompt = { id: string; theme: Theme; text?: string };

export const promptsPerTheme = 7;

export const builtInPrompts: readonly Prompt[] = themes.flatMap((theme) =>
  Array.from({ length: promptsPerTheme }, (_, index) => ({ id: `${themeSlug(theme)}-${index + 1}`, theme })),
);

function themeSlug(theme: Theme): string {
  return theme.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

// Filled by clinic sync later.
export function clinicPrompts(): Prompt[] {
  return [];
}

export function allPrompts(): Prompt[] {
  return [...builtInPrompts, ...clinicPrompts()];
}

export function findPrompt(id: string | null): Prompt | null {
  if (id === null) return null;
  return allPrompts().find((prompt) => prompt.id === id) ?? null;
}

/** The same built-in prompt all day long, by the member's local date; the next one tomorrow. */
export function promptOfTheDay(date: Date = new Date()): Prompt {
  const localDay = Math.floor(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86_400_000);
  return builtInPrompts[localDay % builtInPrompts.length] ?? (builtInPrompts[0] as Prompt);
}

/** The prompt's words in the current language. */
export function promptText(prompt: Prompt): string {
  return prompt.text ?? t(`journal.prompts.${prompt.id}`);
}

export function themeLabel(theme: Theme): string {
  return t(`journal.themes.${theme}`);
}
