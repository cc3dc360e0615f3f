import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import Editor from "../src/lib/journal/Editor.svelte";
import { fakeBackend, reject } from "./ipc";
import { FakeJournal } from "./journal-fake";

function saves(calls: { cmd: string; args: unknown }[]) {
  return calls.filter((call) => call.cmd === "journal_save").map((call) => (call.args as { draft: Record<string, unknown> }).draft);
}

describe("editor autosave", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2025, 2, 3, 14, 2));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("saves once after typing stops, then saves again with the new id", async () => {
    const calls = fakeBackend();
    render(Editor, { id: null, promptId: null, onclose: () => {}, ondeleted: () => {} });
    const body = screen.getByTestId("entry-body");
    await fireEvent.input(body, { target: { value: "A" } });
    await vi.advanceTimersByTimeAsync(300);
    await fireEvent.input(body, { target: { value: "A quiet morning" } });
    await vi.advanceTimersByTimeAsync(699);
    expect(saves(calls)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent(/Saved at 2:02/));
    expect(saves(calls)).toEqual([
      { id: null, title: "", body: "A quiet morning", mood: null, feelings: [], tags: [], promptId: null, sessionId: null },
    ]);

    await fireEvent.input(screen.getByTestId("entry-title"), { target: { value: "Morning" } });
    await fireEvent.click(screen.getByTestId("feeling-calm"));
    await fireEvent.click(screen.getByTestId("entry-mood-7"));
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent("7 of 10");
    await vi.advanceTimersByTimeAsync(700);
    await vi.waitFor(() => expect(saves(calls)).toHaveLength(2));
    expect(saves(calls)[1]).toEqual({
      id: "entry-1",
      title: "Morning",
      body: "A quiet morning",
      mood: 7,
      feelings: ["calm"],
      tags: [],
      promptId: null,
      sessionId: null,
    });
  });

  it("does not create an entry when nothing was written", async () => {
    const calls = fakeBackend();
    const onclose = vi.fn();
    render(Editor, { id: null, promptId: null, onclose, ondeleted: () => {} });
    await fireEvent.input(screen.getByTestId("entry-body"), { target: { value: "   " } });
    await fireEvent.click(screen.getByTestId("entry-done"));
    await vi.waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(saves(calls)).toHaveLength(0);
  });

  it("keeps the text and offers a retry when saving fails", async () => {
    let attempts = 0;
    const journal = new FakeJournal();
    const calls = fakeBackend(
      {
        journal_save: (args) => {
          attempts += 1;
          if (attempts === 1) return reject({ code: "database", message: "disk full" })();
          return journal.handlers().journal_save!(args);
        },
      },
      {},
      journal,
    );
    const onclose = vi.fn();
    render(Editor, { id: null, promptId: null, onclose, ondeleted: () => {} });
    const body = screen.getByTestId("entry-body");
    await fireEvent.input(body, { target: { value: "Please keep this" } });
    await vi.advanceTimersByTimeAsync(700);
    const error = await vi.waitFor(() => screen.getByTestId("save-error"));
    expect(error).toHaveTextContent("We couldn't save just now. Your words are still here.");
    expect(error).toHaveTextContent("Alongside couldn't read or save your information.");
    expect(screen.getByTestId("save-status")).toHaveTextContent("Not saved yet");
    expect(body).toHaveValue("Please keep this");

    // Done does not close while the words are unsaved.
    await fireEvent.click(screen.getByTestId("entry-done"));
    await vi.waitFor(() => expect(attempts).toBe(2));
    await vi.waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(journal.entries.map((entry) => entry.body)).toEqual(["Please keep this"]);
    expect(saves(calls)).toHaveLength(2);
  });

  it("stays open with the retry message when Done cannot save", async () => {
    fakeBackend({ journal_save: reject({ code: "database", message: "disk full" }) });
    const onclose = vi.fn();
    render(Editor, { id: null, promptId: null, onclose, ondeleted: () => {} });
    await fireEvent.input(screen.getByTestId("entry-body"), { target: { value: "Still here" } });
    await fireEvent.click(screen.getByTestId("entry-done"));
    await vi.waitFor(() => expect(screen.getByTestId("save-retry")).toBeInTheDocument());
    expect(onclose).not.toHaveBeenCalled();
    expect(screen.getByTestId("entry-body")).toHaveValue("Still here");
  });

  it("saves when the text field loses focus and before the window unloads", async () => {
    const calls = fakeBackend();
    render(Editor, { id: null, promptId: null, onclose: () => {}, ondeleted: () => {} });
    const body = screen.getByTestId("entry-body");
    await fireEvent.input(body, { target: { value: "First" } });
    await fireEvent.blur(body);
    await vi.waitFor(() => expect(saves(calls)).toHaveLength(1));
    await fireEvent.input(body, { target: { value: "First and second" } });
    window.dispatchEvent(new Event("beforeunload"));
    await vi.waitFor(() => expect(saves(calls)).toHaveLength(2));
    expect(saves(calls)[1]).toMatchObject({ id: "entry-1", body: "First and second" });
  });

  it("adds tags with Enter and comma and removes them", async () => {
    const calls = fakeBackend();
    render(Editor, { id: null, promptId: null, onclose: () => {}, ondeleted: () => {} });
    const tags = screen.getByTestId("entry-tags");
    await fireEvent.input(tags, { target: { value: "work" } });
    await fireEvent.keyDown(tags, { key: "Enter" });
    await fireEvent.input(tags, { target: { value: "sleep, family" } });
    expect(screen.getAllByTestId("entry-tag").map((tag) => tag.textContent?.replace("×", "").trim())).toEqual(["work", "sleep", "family"]);
    await fireEvent.click(screen.getByRole("button", { name: "Remove tag sleep" }));
    await vi.advanceTimersByTimeAsync(700);
    await vi.waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0]).toMatchObject({ tags: ["work", "family"] });
  });

  it("shows a mood that was never chosen as unset until one is", async () => {
    const calls = fakeBackend();
    render(Editor, { id: null, promptId: null, onclose: () => {}, ondeleted: () => {} });
    const group = screen.getByTestId("entry-mood");
    expect(group).toHaveAccessibleName("Mood");
    // Eleven numbers and none of them chosen, the words "Not set", and how to choose.
    const numbers = within(group).getAllByRole("button");
    expect(numbers.map((button) => button.textContent?.trim())).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    for (const button of numbers) expect(button).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent(/^\s*Not set\s*$/);
    expect(group).toHaveAccessibleDescription("Choose a number if you like. It's fine to leave it empty.");
    expect(screen.queryByTestId("entry-mood-clear")).not.toBeInTheDocument();

    await fireEvent.click(screen.getByRole("button", { name: "5 of 10, Okay" }));
    expect(screen.getByTestId("entry-mood-5")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent("5 of 10, Okay");
    expect(screen.queryByTestId("entry-mood-hint")).not.toBeInTheDocument();
    expect(group).not.toHaveAccessibleDescription();

    await fireEvent.click(screen.getByTestId("entry-mood-3"));
    expect(screen.getByTestId("entry-mood-3")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("entry-mood-5")).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent(/^\s*3 of 10\s*$/);
    await fireEvent.input(screen.getByTestId("entry-body"), { target: { value: "Tired" } });
    await vi.advanceTimersByTimeAsync(700);
    await vi.waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0]).toMatchObject({ mood: 3, body: "Tired" });
  });

  it("moves along the mood numbers with the arrow keys, Home and End, choosing only with Enter, Space or a click", async () => {
    fakeBackend();
    render(Editor, { id: null, promptId: null, onclose: () => {}, ondeleted: () => {} });
    // A new entry starts in the text; then Tab (here, focus) reaches the numbers.
    await vi.waitFor(() => expect(screen.getByTestId("entry-body")).toHaveFocus());
    const number = (value: number) => screen.getByTestId(`entry-mood-${value}`);
    number(3).focus();
    await fireEvent.keyDown(number(3), { key: "ArrowRight" });
    expect(number(4)).toHaveFocus();
    await fireEvent.keyDown(number(4), { key: "ArrowUp" });
    expect(number(5)).toHaveFocus();
    await fireEvent.keyDown(number(5), { key: "ArrowLeft" });
    expect(number(4)).toHaveFocus();
    await fireEvent.keyDown(number(4), { key: "End" });
    expect(number(10)).toHaveFocus();
    await fireEvent.keyDown(number(10), { key: "ArrowRight" });
    expect(number(10)).toHaveFocus();
    await fireEvent.keyDown(number(10), { key: "Home" });
    expect(number(0)).toHaveFocus();
    await fireEvent.keyDown(number(0), { key: "ArrowDown" });
    expect(number(0)).toHaveFocus();
    // Moving chose nothing.
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent("Not set");
    expect(within(screen.getByTestId("entry-mood")).queryAllByRole("button", { pressed: true })).toHaveLength(0);
    // A button chooses on click (Enter and Space), and the chosen one again changes nothing.
    await fireEvent.click(number(0));
    await fireEvent.click(number(0));
    expect(number(0)).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent("0 of 10, Very low");
  });

  it("clears a chosen mood back to unset with Clear mood", async () => {
    const journal = new FakeJournal([{ id: "e1", body: "Hi", mood: 4, createdAt: "2025-03-01T10:00:00Z" }]);
    const calls = fakeBackend({}, {}, journal);
    render(Editor, { id: "e1", promptId: null, onclose: () => {}, ondeleted: () => {} });
    const four = await vi.waitFor(() => screen.getByTestId("entry-mood-4"));
    await vi.waitFor(() => expect(four).toHaveAttribute("aria-pressed", "true"));
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent("4 of 10");
    await fireEvent.click(screen.getByRole("button", { name: "Clear mood" }));
    expect(four).toHaveAttribute("aria-pressed", "false");
    expect(within(screen.getByTestId("entry-mood")).queryAllByRole("button", { pressed: true })).toHaveLength(0);
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent("Not set");
    // The button goes with the mood; focus is not lost but on the number it was, to choose again.
    expect(screen.queryByTestId("entry-mood-clear")).not.toBeInTheDocument();
    expect(four).toHaveFocus();
    await vi.advanceTimersByTimeAsync(700);
    await vi.waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0]).toMatchObject({ id: "e1", mood: null, body: "Hi" });
  });

  it("keeps formatting help behind a quiet disclosure, in plain words", async () => {
    fakeBackend();
    render(Editor, { id: null, promptId: null, onclose: () => {}, ondeleted: () => {} });
    const help = screen.getByTestId("entry-format-help");
    expect(help).not.toHaveAttribute("open");
    expect(within(help).getByText("Make words bold or add a list").tagName).toBe("SUMMARY");
    expect(help).toHaveTextContent("put two stars on each side: **like this**");
    expect(help).toHaveTextContent("start each line with a dash and a space");
    expect(screen.getByTestId("journal-editor")).not.toHaveTextContent(/markdown/i);
  });

  it("shows feelings as chips whose checkbox ticks when chosen", async () => {
    const calls = fakeBackend();
    render(Editor, { id: null, promptId: null, onclose: () => {}, ondeleted: () => {} });
    const calm = screen.getByRole("checkbox", { name: "Calm" });
    expect(calm).toBe(screen.getByTestId("feeling-calm"));
    expect(calm).not.toBeChecked();
    // The whole chip is the target: a click on its words chooses it.
    await fireEvent.click(screen.getByText("Calm"));
    expect(calm).toBeChecked();
    await fireEvent.input(screen.getByTestId("entry-body"), { target: { value: "Better" } });
    await vi.advanceTimersByTimeAsync(700);
    await vi.waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0]).toMatchObject({ feelings: ["calm"] });
  });
});
