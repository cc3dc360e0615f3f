import type { Answer } from "../bindings/types";
import type { Locale } from "../i18n/index.svelte";
import type { Exercise } from "./library";

/** A finished written exercise as the body of a journal entry: each prompt in bold, then the answer. */
export function worksheetMarkdown(e: Exercise, answers: Partial<Record<string, Answer>>, locale: Locale, ratingText: (n: number) => string): string {
  const parts: string[] = [];
  for (const step of e.steps) {
    if (step.kind !== "written") continue;
    const answer = answers[step.field];
    if (answer === undefined || answer === "") continue;
    const text = typeof answer === "number" ? ratingText(answer) : answer.trim();
    if (text === "") continue;
    parts.push(`**${step.text[locale].trim()}**\n\n${text}`);
  }
  return parts.join("\n\n");
}
