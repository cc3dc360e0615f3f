import { fireEvent, render, screen } from "@testing-library/svelte";
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
    await fireEvent.input(screen.getByTestId("entry-mood"), { target: { value: "7" } });
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
    const slider = screen.getByTestId("entry-mood");
    // No thumb and a dashed line (the unset class), the words "Not set", and how to choose.
    expect(slider).toHaveClass("unset");
    expect(slider).toHaveAttribute("aria-valuetext", "Not set");
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent(/^\s*Not set\s*$/);
    expect(slider).toHaveAccessibleDescription(/click a point on the line, or use the arrow keys/);
    expect(screen.queryByTestId("entry-mood-clear")).not.toBeInTheDocument();

    // A click where the hidden thumb rests (the middle) changes no value, yet chooses it.
    await fireEvent.click(slider);
    expect(slider).not.toHaveClass("unset");
    expect(slider).toHaveAttribute("aria-valuetext", "5 of 10, Okay");
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent("5 of 10");
    expect(screen.queryByTestId("entry-mood-hint")).not.toBeInTheDocument();

    await fireEvent.input(slider, { target: { value: "3" } });
    expect(slider).toHaveAttribute("aria-valuetext", "3 of 10");
    await fireEvent.input(screen.getByTestId("entry-body"), { target: { value: "Tired" } });
    await vi.advanceTimersByTimeAsync(700);
    await vi.waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0]).toMatchObject({ mood: 3, body: "Tired" });
  });

  it("clears a chosen mood back to unset with Clear mood", async () => {
    const journal = new FakeJournal([{ id: "e1", body: "Hi", mood: 4, createdAt: "2025-03-01T10:00:00Z" }]);
    const calls = fakeBackend({}, {}, journal);
    render(Editor, { id: "e1", promptId: null, onclose: () => {}, ondeleted: () => {} });
    const slider = await vi.waitFor(() => screen.getByTestId("entry-mood"));
    expect(slider).toHaveValue("4");
    expect(slider).not.toHaveClass("unset");
    await fireEvent.click(screen.getByRole("button", { name: "Clear mood" }));
    expect(slider).toHaveClass("unset");
    expect(screen.getByTestId("entry-mood-value")).toHaveTextContent("Not set");
    // The button goes with the mood; focus is not lost but on the slider, to choose again.
    expect(screen.queryByTestId("entry-mood-clear")).not.toBeInTheDocument();
    expect(slider).toHaveFocus();
    await vi.advanceTimersByTimeAsync(700);
    await vi.waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0]).toMatchObject({ id: "e1", mood: null, body: "Hi" });
  });
});
