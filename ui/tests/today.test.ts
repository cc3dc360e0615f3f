import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import Today from "../src/lib/screens/Today.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fail, fakeBackend, reject, type Call } from "./ipc";
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
    // The same picker as the journal's: numbers named by the card's question, none chosen yet.
    expect(scale).toHaveAccessibleName("How are you feeling right now?");
    for (const button of scale.querySelectorAll("button")) expect(button).toHaveAttribute("aria-pressed", "false");
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
    // The check-in shows as chosen: outlined, tinted and ticked, as options are.
    expect(screen.getByTestId("checkin-6")).toHaveAttribute("aria-pressed", "true");
    // The same number again is no second check-in.
    await fireEvent.click(screen.getByTestId("checkin-6"));
    expect(toast).toHaveTextContent(/Checked in at \d{1,2}:\d{2}/);
    expect(argsOf(calls, "journal_save")).toEqual([
      { draft: { id: null, title: "Mood check-in", body: "", mood: 6, feelings: [], tags: [], promptId: null, sessionId: null } },
    ]);
    expect(journal.live()).toHaveLength(1);
    await fireEvent.click(screen.getByTestId("undo"));
    await waitFor(() => expect(argsOf(calls, "journal_trash")).toEqual([{ id: "entry-1" }]));
    expect(await screen.findByText("Check-in removed.")).toBeInTheDocument();
    expect(journal.live()).toHaveLength(0);
    expect(screen.getByTestId("checkin-6")).toHaveAttribute("aria-pressed", "false");
  });

  it("has one main step: the day's practice, with Join not yet open and writing as secondaries", async () => {
    const journal = new FakeJournal();
    const startsAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    journal.sessions = [
      { id: "s", startsAt, endsAt: null, title: "Group", cancelled: false, handEntered: false, videoLink: "https://meet.example/x" },
    ];
    fakeBackend({}, {}, journal);
    render(Today);
    await screen.findByTestId("today-practice-start");
    // A button that cannot be used yet does not look like the way forward.
    expect(await screen.findByTestId("next-join")).toBeDisabled();
    expect(screen.getByTestId("next-join")).toHaveClass("secondary");
    const primaries = () => [...screen.getByTestId("screen-today").querySelectorAll(".primary")].map((b) => b.getAttribute("data-testid"));
    expect(primaries()).toEqual(["today-practice-start"]);
    expect(screen.getByTestId("today-prompt")).toHaveClass("secondary");
  });

  it("makes Join the one main step while a session can be joined", async () => {
    const journal = new FakeJournal();
    const startsAt = new Date(Date.now() + 5 * 60_000).toISOString();
    journal.sessions = [
      { id: "s", startsAt, endsAt: null, title: "Group", cancelled: false, handEntered: false, videoLink: "https://meet.example/x" },
    ];
    fakeBackend({}, {}, journal);
    render(Today);
    await waitFor(() => expect(screen.getByTestId("next-join")).toBeEnabled());
    await screen.findByTestId("today-practice-start");
    const primaries = [...screen.getByTestId("screen-today").querySelectorAll(".primary")].map((b) => b.getAttribute("data-testid"));
    expect(primaries).toEqual(["next-join"]);
    expect(screen.getByTestId("today-practice-start")).toHaveClass("secondary");
  });

  it("gives writing the main step when there is no practice to suggest", async () => {
    fakeBackend({ practice_overview: () => fail("internal") });
    render(Today);
    expect(await within(screen.getByTestId("today-practice")).findByRole("alert")).toHaveTextContent("Something went wrong inside Alongside.");
    await waitFor(() => expect(screen.getByTestId("today-prompt")).toHaveClass("primary"));
    expect(screen.getByTestId("screen-today").querySelectorAll(".primary")).toHaveLength(1);
  });

  it("explains when a check-in could not be saved", async () => {
    fakeBackend({ journal_save: reject({ code: "database", message: "disk" }) });
    render(Today);
    await fireEvent.click(screen.getByTestId("checkin-3"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Alongside couldn't read or save your information.");
    expect(screen.queryByTestId("undo-toast")).not.toBeInTheDocument();
    expect(screen.getByTestId("checkin-3")).toHaveAttribute("aria-pressed", "false");
  });
});
