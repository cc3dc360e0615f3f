import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import Today from "../src/lib/screens/Today.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fakeBackend, reject, type Call } from "./ipc";
import { FakeJournal } from "./journal-fake";

function argsOf(calls: Call[], cmd: string): unknown[] {
  return calls.filter((call) => call.cmd === cmd).map((call) => call.args);
}

describe("Today", () => {
  it("keeps its heading and shows the prompt of the day and the check-in", async () => {
    fakeBackend();
    render(Today);
    expect(screen.getByTestId("screen-today")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Today");
    expect(screen.getByTestId("today-prompt")).toHaveTextContent("Write about this");
    expect(screen.getByTestId("today-prompt-text").textContent?.trim()).not.toBe("");
    const scale = screen.getByTestId("checkin");
    expect(scale.querySelectorAll("button")).toHaveLength(11);
    expect(screen.getByRole("button", { name: "0 of 10, Very low" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "5 of 10, Okay" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "10 of 10, Very good" })).toBeInTheDocument();
  });

  it("has no axe violations inside the app", async () => {
    fakeBackend();
    render(App);
    await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
    expect(screen.getByTestId("checkin")).toBeInTheDocument();
    await expectNoAxeViolations("today");
    await fireEvent.click(screen.getByTestId("checkin-4"));
    await screen.findByTestId("undo-toast");
    await expectNoAxeViolations("today after check-in");
  });

  it("saves a one-tap mood check-in and can undo it", async () => {
    const journal = new FakeJournal();
    const calls = fakeBackend({}, {}, journal);
    render(Today);
    await fireEvent.click(screen.getByTestId("checkin-6"));
    const toast = await screen.findByTestId("undo-toast");
    expect(toast).toHaveTextContent(/Checked in at \d{1,2}:\d{2}/);
    expect(argsOf(calls, "journal_save")).toEqual([
      { draft: { id: null, title: "Mood check-in", body: "", mood: 6, feelings: [], tags: [], promptId: null, sessionId: null } },
    ]);
    expect(journal.live()).toHaveLength(1);
    await fireEvent.click(screen.getByTestId("undo"));
    await waitFor(() => expect(argsOf(calls, "journal_trash")).toEqual([{ id: "entry-1" }]));
    expect(await screen.findByText("Check-in removed.")).toBeInTheDocument();
    expect(journal.live()).toHaveLength(0);
  });

  it("explains when a check-in could not be saved", async () => {
    fakeBackend({ journal_save: reject({ code: "database", message: "disk" }) });
    render(Today);
    await fireEvent.click(screen.getByTestId("checkin-3"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Alongside couldn't read or save your information.");
    expect(screen.queryByTestId("undo-toast")).not.toBeInTheDocument();
  });
});
