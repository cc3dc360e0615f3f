import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import en from "../src/lib/i18n/en.json";
import es from "../src/lib/i18n/es.json";
import { feelings } from "../src/lib/journal/feelings";
import { builtInPrompts, clinicPrompts, promptOfTheDay, themes } from "../src/lib/journal/prompts";
import Journal from "../src/lib/screens/Journal.svelte";
import { fakeBackend } from "./ipc";

describe("prompt library", () => {
  it("has at least 42 prompts, seven for each theme, with unique ids", () => {
    expect(builtInPrompts.length).toBeGreaterThanOrEqual(42);
    for (const theme of themes) expect(builtInPrompts.filter((prompt) => prompt.theme === theme)).toHaveLength(7);
    expect(new Set(builtInPrompts.map((prompt) => prompt.id)).size).toBe(builtInPrompts.length);
    expect(builtInPrompts.map((prompt) => prompt.id)).toContain("anxiety-1");
    expect(clinicPrompts()).toEqual([]);
  });

  it("has English and Spanish text for every prompt, theme and feeling", () => {
    const enPrompts = en.journal.prompts as Record<string, string>;
    const esPrompts = es.journal.prompts as Record<string, string>;
    for (const { id } of builtInPrompts) {
      expect(enPrompts[id]?.trim(), id).toBeTruthy();
      expect(esPrompts[id]?.trim(), id).toBeTruthy();
      expect(esPrompts[id], id).not.toBe(enPrompts[id]);
    }
    expect(Object.keys(enPrompts).sort()).toEqual(builtInPrompts.map((prompt) => prompt.id).sort());
    for (const theme of themes) {
      expect((en.journal.themes as Record<string, string>)[theme]).toBeTruthy();
      expect((es.journal.themes as Record<string, string>)[theme]).toBeTruthy();
    }
    expect(feelings).toHaveLength(24);
    for (const feeling of feelings) {
      expect((en.journal.feelings as Record<string, string>)[feeling], feeling).toBeTruthy();
      expect((es.journal.feelings as Record<string, string>)[feeling], feeling).toBeTruthy();
    }
  });

  it("keeps the prompt of the day for the whole local day and moves on the next", () => {
    const morning = promptOfTheDay(new Date(2025, 4, 20, 0, 1));
    const night = promptOfTheDay(new Date(2025, 4, 20, 23, 59));
    const tomorrow = promptOfTheDay(new Date(2025, 4, 21, 8, 0));
    expect(night.id).toBe(morning.id);
    expect(tomorrow.id).not.toBe(morning.id);
    expect(builtInPrompts).toContainEqual(morning);
  });
});

describe("prompts panel", () => {
  it("lists prompts by theme and opens the editor with the chosen one", async () => {
    const calls = fakeBackend();
    render(Journal);
    await fireEvent.click(screen.getByTestId("journal-view-prompts"));
    const panel = screen.getByTestId("prompts");
    expect(panel.querySelectorAll("h3")).toHaveLength(6);
    expect(screen.getAllByTestId("prompt-choice")).toHaveLength(42);
    await fireEvent.click(screen.getByRole("button", { name: en.journal.prompts["grief-2"] }));
    expect(screen.getByTestId("entry-prompt")).toHaveTextContent(en.journal.prompts["grief-2"]);
    await fireEvent.input(screen.getByTestId("entry-body"), { target: { value: "My grandmother's kitchen." } });
    await fireEvent.click(screen.getByTestId("entry-done"));
    await waitFor(() =>
      expect(calls.find((call) => call.cmd === "journal_save")?.args).toMatchObject({ draft: { id: null, promptId: "grief-2" } }),
    );
  });

  it("opens the prompt of the day from Today in the journal editor", async () => {
    fakeBackend();
    render(App);
    await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
    const text = screen.getByTestId("today-prompt-text").textContent ?? "";
    await fireEvent.click(screen.getByTestId("today-prompt"));
    expect(await screen.findByTestId("screen-journal")).toBeInTheDocument();
    expect(await screen.findByTestId("entry-prompt")).toHaveTextContent(text.trim());
    expect(screen.getByTestId("entry-body")).toBeInTheDocument();
  });
});
