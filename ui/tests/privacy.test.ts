import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { setLocale } from "../src/lib/i18n/index.svelte";
import { privacyText } from "../src/lib/privacy/statement";
import { expectNoAxeViolations } from "./a11y";
import { commandsOf, fakeBackend } from "./ipc";
import { fleschKincaidGrade, syllables } from "./readingLevel";

afterEach(() => setLocale("en"));

describe("the privacy statement", () => {
  it("reads at grade 8 or below in English", () => {
    setLocale("en");
    const grade = fleschKincaidGrade(privacyText());
    expect(grade).toBeLessThanOrEqual(8);
  });

  it("measures reading level as expected on known text", () => {
    expect([syllables("the"), syllables("journal"), syllables("encryption"), syllables("window")]).toEqual([1, 2, 3, 2]);
    // A plain sentence reads early; a dense one does not pass.
    expect(fleschKincaidGrade("The cat sat on the mat. It was warm.")).toBeLessThan(3);
    expect(
      fleschKincaidGrade(
        "Cryptographic confidentiality guarantees notwithstanding, organisational accountability necessitates comprehensive documentation of telemetry-independent architectural considerations.",
      ),
    ).toBeGreaterThan(12);
  });

  it("says what stays, how it is locked, what may leave and what never does, in both languages", () => {
    for (const locale of ["en", "es"] as const) {
      setLocale(locale);
      const text = privacyText();
      expect(text, locale).toMatch(locale === "en" ? /AES-256/ : /AES-256/);
      expect(text, locale).toMatch(locale === "en" ? /never leave this computer/ : /nunca salen de esta computadora/);
      expect(text, locale).toMatch(locale === "en" ? /Nobody reads your answers/ : /Nadie lee tus respuestas/);
      expect(text, locale).toMatch(/Ctrl\+Shift\+H/);
    }
  });

  it("is a page in Settings, and the hide key hides and locks from any screen", async () => {
    const calls = fakeBackend();
    render(App);
    await fireEvent.click(await screen.findByTestId("nav-settings"));
    const page = await screen.findByTestId("settings-privacy");
    expect(within(page).getByRole("heading", { level: 2 })).toHaveTextContent("Your privacy");
    expect(page).toHaveTextContent("Press Ctrl+Shift+H to hide Alongside at once and lock it.");
    await expectNoAxeViolations("settings, privacy");
    await fireEvent.keyDown(window, { key: "H", ctrlKey: true, shiftKey: true });
    expect(commandsOf(calls)).toContain("shell_hide");
    // A plain H typed in a field is only a letter.
    const before = commandsOf(calls).filter((c) => c === "shell_hide").length;
    await fireEvent.keyDown(window, { key: "H", shiftKey: true });
    expect(commandsOf(calls).filter((c) => c === "shell_hide").length).toBe(before);
  });
});
