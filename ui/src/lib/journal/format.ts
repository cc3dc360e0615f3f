import { t } from "../i18n/index.svelte";

export const moodMin = 0;
export const moodMax = 10;
export const moodMid = 5;

/** Whole-number mood for display and colour classes. */
export function roundMood(mood: number): number {
  return Math.min(moodMax, Math.max(moodMin, Math.round(mood)));
}

/** "6 of 10", with the word at the ends and the middle of the scale. */
export function moodText(mood: number): string {
  const value = roundMood(mood);
  if (value === moodMin) return t("journal.mood.valueWord", { value, word: t("journal.mood.low") });
  if (value === moodMid) return t("journal.mood.valueWord", { value, word: t("journal.mood.middle") });
  if (value === moodMax) return t("journal.mood.valueWord", { value, word: t("journal.mood.high") });
  return t("journal.mood.value", { value });
}

export function moodClass(mood: number | null): string {
  return mood === null ? "mood-none" : `mood-${roundMood(mood)}`;
}

/** The title, or the first few words of the text when there is no title. */
export function displayTitle(title: string, excerpt: string): string {
  if (title.trim()) return title.trim();
  const words = excerpt.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return t("journal.untitled");
  return words.length > 6 ? `${words.slice(0, 6).join(" ")}…` : words.join(" ");
}
