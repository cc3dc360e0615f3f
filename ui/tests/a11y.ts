import axe from "axe-core";
import { expect } from "vitest";

/** Runs axe on the whole page (colour contrast cannot be judged in jsdom). */
export async function expectNoAxeViolations(label: string): Promise<void> {
  const results = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  expect(results.violations.map((v) => `${label}: ${v.id}: ${v.help}`)).toEqual([]);
}
