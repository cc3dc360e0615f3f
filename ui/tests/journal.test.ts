import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import Calendar from "../src/lib/journal/Calendar.svelte";
import MoodChart from "../src/lib/journal/MoodChart.svelte";
import Journal from "../src/lib/screens/Journal.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fakeBackend, type Call } from "./ipc";
import { FakeJournal } from "./journal-fake";

function argsOf(calls: Call[], cmd: string): Record<string, unknown>[] {
  return calls.filter((call) => call.cmd === cmd).map((call) => call.args as Record<string, unknown>);
}

/** Types a date into a DateField's day, month and year boxes, leaving each as a member does. */
async function typeDate(testid: string, date: string): Promise<void> {
  const [year, month, day] = date.split("-");
  for (const [part, text] of [["day", day], ["month", month], ["year", year]] as const) {
    const box = screen.getByTestId(`${testid}-${part}`);
    await fireEvent.input(box, { target: { value: text } });
    await fireEvent.change(box);
  }
}

function manyEntries(count: number): FakeJournal {
  const journal = new FakeJournal();
  for (let index = 0; index < count; index += 1) {
    journal.add({ id: `e${index}`, title: `Entry ${index}`, body: `Body ${index}`, createdAt: new Date(2025, 0, 1 + index, 9).toISOString() });
  }
  return journal;
}

describe("journal timeline", () => {
  it("shows a warm empty state with one way to start", async () => {
    fakeBackend();
    render(Journal);
    const empty = await screen.findByTestId("journal-empty");
    expect(empty).toHaveTextContent("Your journal is ready when you are");
    const moving = within(empty).getByRole("link", { name: "Go to Backups and your data in Settings" });
    expect(moving).toHaveAttribute("href", "#/settings/data");
    // One New entry button on the screen, not one above and another in the empty card.
    const start = screen.getByRole("button", { name: "New entry" });
    expect(start).toBe(screen.getByTestId("journal-new"));
    await fireEvent.click(start);
    expect(screen.getByTestId("entry-body")).toBeInTheDocument();
  });

  it("lists entries newest first and pages with Show older entries", async () => {
    const calls = fakeBackend({}, {}, manyEntries(25));
    render(Journal);
    await waitFor(() => expect(screen.getAllByTestId("journal-item")).toHaveLength(20));
    expect(screen.getAllByTestId("journal-item")[0]).toHaveTextContent("Entry 24");
    await fireEvent.click(screen.getByTestId("journal-more"));
    await waitFor(() => expect(screen.getAllByTestId("journal-item")).toHaveLength(25));
    expect(screen.getAllByTestId("journal-item")[24]).toHaveTextContent("Entry 0");
    expect(screen.queryByTestId("journal-more")).not.toBeInTheDocument();
    const pages = argsOf(calls, "journal_timeline");
    expect(pages[0]).toEqual({ before: null, limit: 20 });
    expect(pages[1]).toEqual({ before: { createdAt: new Date(2025, 0, 6, 9).toISOString(), id: "e5" }, limit: 20 });
  });

  it("shows mood, feelings and the first words when there is no title", async () => {
    const journal = new FakeJournal([
      { id: "a", body: "The walk by the river helped more than I expected today", mood: 7, feelings: ["calm", "proud"], createdAt: "2025-03-03T10:00:00Z" },
    ]);
    fakeBackend({}, {}, journal);
    render(Journal);
    const item = await screen.findByTestId("journal-item");
    expect(item).toHaveTextContent("The walk by the river helped…");
    expect(item).toHaveTextContent("Mood 7 of 10");
    expect(item).toHaveTextContent("Calm");
    expect(item).toHaveTextContent("Proud");
  });

  it("shows On this day when earlier years have entries for today", async () => {
    const lastYear = new Date();
    lastYear.setFullYear(lastYear.getFullYear() - 1);
    fakeBackend({}, {}, new FakeJournal([{ title: "A year ago", createdAt: lastYear.toISOString() }]));
    render(Journal);
    const section = await screen.findByTestId("on-this-day");
    expect(section).toHaveTextContent("A year ago");
  });

  it("moves a deleted entry to the trash and brings it back with Undo", async () => {
    const journal = new FakeJournal([{ id: "keep", title: "Hard day", body: "Words", createdAt: "2025-03-03T10:00:00Z" }]);
    const calls = fakeBackend({}, {}, journal);
    render(Journal);
    await fireEvent.click(await screen.findByTestId("journal-item"));
    await waitFor(() => expect(screen.getByTestId("entry-body")).toHaveValue("Words"));
    await fireEvent.click(screen.getByTestId("entry-delete"));
    const toast = await screen.findByTestId("undo-toast");
    expect(toast).toHaveTextContent("Entry moved to the trash.");
    expect(argsOf(calls, "journal_trash")).toEqual([{ id: "keep" }]);
    await waitFor(() => expect(screen.queryByTestId("journal-item")).not.toBeInTheDocument());
    await fireEvent.click(screen.getByTestId("undo"));
    await waitFor(() => expect(argsOf(calls, "journal_restore")).toEqual([{ id: "keep" }]));
    expect(await screen.findByTestId("journal-item")).toHaveTextContent("Hard day");
    expect(screen.queryByTestId("undo-toast")).not.toBeInTheDocument();
  });

  // Five whole-app axe runs: more than the default 5 s on a busy two-core machine.
  it("has no axe violations on the timeline and in the editor", { timeout: 20_000 }, async () => {
    fakeBackend({}, {}, new FakeJournal([{ title: "Hello", body: "Some words", mood: 5, feelings: ["calm"], tags: ["sleep"], createdAt: "2025-03-03T10:00:00Z" }]));
    render(App);
    await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
    await fireEvent.click(screen.getByTestId("nav-journal"));
    await screen.findByTestId("journal-item");
    await expectNoAxeViolations("timeline");
    await fireEvent.click(screen.getByTestId("journal-item"));
    await waitFor(() => expect(screen.getByTestId("entry-body")).toHaveValue("Some words"));
    await expectNoAxeViolations("editor");
    await fireEvent.click(screen.getByTestId("entry-preview-toggle"));
    await expectNoAxeViolations("preview");
    await fireEvent.click(screen.getByTestId("entry-done"));
    await fireEvent.click(await screen.findByTestId("journal-view-calendar"));
    await screen.findByTestId("journal-calendar");
    await expectNoAxeViolations("calendar view");
    await fireEvent.input(screen.getByTestId("journal-search"), { target: { value: "words" } });
    await screen.findByTestId("search-hit");
    await expectNoAxeViolations("search results");
  });
});

describe("journal search", () => {
  const journal = () =>
    new FakeJournal([
      { id: "r", title: "River", body: "We walked along the river and the river was calm.", mood: 6, feelings: ["calm"], tags: ["walks"], createdAt: "2025-03-03T10:00:00Z" },
      { id: "w", title: "Work", body: "A long day at work.", mood: 3, createdAt: "2025-03-04T10:00:00Z" },
    ]);

  it("shows highlighted snippets as marks without control characters", async () => {
    const calls = fakeBackend({}, {}, journal());
    render(Journal);
    await screen.findAllByTestId("journal-item");
    await fireEvent.input(screen.getByTestId("journal-search"), { target: { value: "river" } });
    const hit = await screen.findByTestId("search-hit");
    expect(screen.getAllByTestId("search-hit")).toHaveLength(1);
    const marks = hit.querySelectorAll("mark");
    expect([...marks].map((mark) => mark.textContent)).toEqual(["river", "river"]);
    expect(hit.textContent).not.toMatch(/[\u0002\u0003]/);
    expect(screen.getByTestId("search-count")).toHaveTextContent("1 entry found");
    expect(screen.getByTestId("search-count")).toHaveAttribute("role", "status");
    expect(screen.queryByTestId("journal-item")).not.toBeInTheDocument();
    expect(argsOf(calls, "journal_search")).toHaveLength(1);
  });

  it("never shows the last search's entries and highlights for new words", async () => {
    fakeBackend({}, {}, journal());
    render(Journal);
    await screen.findAllByTestId("journal-item");
    const search = screen.getByTestId("journal-search");
    await fireEvent.input(search, { target: { value: "river" } });
    const river = await screen.findByTestId("search-hit");
    expect([...river.querySelectorAll("mark")].map((mark) => mark.textContent)).toEqual(["river", "river"]);

    await fireEvent.input(search, { target: { value: "work" } });
    // Until the answer for "work" comes, no result and no mark of "river".
    expect(screen.queryAllByTestId("search-hit")).toHaveLength(0);
    expect(screen.getByTestId("search-count")).toHaveTextContent("Searching…");
    const work = await screen.findByTestId("search-hit");
    expect(work).toHaveTextContent("Work");
    expect([...work.querySelectorAll("mark")].map((mark) => mark.textContent)).toEqual(["work"]);
  });

  it("keeps the answer to the newest words when an older search answers last", async () => {
    const data = journal();
    const slow: (() => void)[] = [];
    fakeBackend(
      {
        journal_search: ({ query }) => {
          const answer = data.search(query);
          // The first search is slow and answers after the second.
          if (query.text === "river") return new Promise((resolve) => slow.push(() => resolve(answer)));
          return answer;
        },
      },
      {},
      data,
    );
    render(Journal);
    await screen.findAllByTestId("journal-item");
    const search = screen.getByTestId("journal-search");
    await fireEvent.input(search, { target: { value: "river" } });
    await waitFor(() => expect(slow).toHaveLength(1));
    await fireEvent.input(search, { target: { value: "work" } });
    await waitFor(() => expect(screen.getByTestId("search-hit")).toHaveTextContent("Work"));
    slow[0]?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getAllByTestId("search-hit")).toHaveLength(1);
    expect(screen.getByTestId("search-hit")).toHaveTextContent("Work");
    expect(screen.getByTestId("search-count")).toHaveTextContent("1 entry found");
  });

  it("says so when nothing matches and returns to the timeline when cleared", async () => {
    fakeBackend({}, {}, journal());
    render(Journal);
    await screen.findAllByTestId("journal-item");
    await fireEvent.input(screen.getByTestId("journal-search"), { target: { value: "zebra" } });
    await waitFor(() => expect(screen.getByTestId("search-count")).toHaveTextContent("No entries match"));
    await fireEvent.input(screen.getByTestId("journal-search"), { target: { value: "" } });
    expect(await screen.findAllByTestId("journal-item")).toHaveLength(2);
  });

  it("passes the filters to the search", async () => {
    const calls = fakeBackend({}, {}, journal());
    render(Journal);
    await screen.findAllByTestId("journal-item");
    await fireEvent.input(screen.getByTestId("journal-search"), { target: { value: "a" } });
    await typeDate("filter-from", "2025-03-01");
    await typeDate("filter-to", "2025-03-31");
    await fireEvent.change(screen.getByLabelText("Lowest mood"), { target: { value: "5" } });
    await fireEvent.change(screen.getByLabelText("Highest mood"), { target: { value: "9" } });
    await fireEvent.change(screen.getByLabelText("Feeling"), { target: { value: "calm" } });
    await fireEvent.change(screen.getByLabelText("Tag"), { target: { value: "walks" } });
    await waitFor(() => {
      const searches = argsOf(calls, "journal_search");
      expect(searches[searches.length - 1]).toEqual({
        query: { text: "a", from: "2025-03-01", to: "2025-03-31", moodMin: 5, moodMax: 9, feeling: "calm", tag: "walks" },
      });
    });
    await waitFor(() => expect(screen.getAllByTestId("search-hit")).toHaveLength(1));
    expect(screen.getByTestId("search-hit")).toHaveTextContent("River");
    expect(screen.getByTestId("search-filters").querySelector("summary")).toHaveTextContent("Filters (6 on)");
  });
});

describe("journal calendar", () => {
  const march = () =>
    new FakeJournal([
      { id: "m1", title: "Morning", mood: 5, createdAt: new Date(2025, 2, 3, 8).toISOString() },
      { id: "m2", title: "Evening", mood: 7, createdAt: new Date(2025, 2, 3, 20).toISOString() },
      { id: "m3", title: "No mood", createdAt: new Date(2025, 2, 10, 9).toISOString() },
    ]);

  it("renders the month as a table with mood classes and labels", async () => {
    const calls = fakeBackend({}, {}, march());
    render(Calendar, { onopen: () => {}, today: new Date(2025, 2, 15) });
    const table = screen.getByRole("table", { name: "March 2025" });
    expect(within(table).getAllByRole("columnheader")).toHaveLength(7);
    expect(within(table).getAllByRole("columnheader")[0]).toHaveTextContent("Sunday");
    const day = await screen.findByRole("button", { name: "March 3: 2 entries, average mood 6" });
    expect(day).toHaveClass("mood-6");
    const quiet = screen.getByRole("button", { name: "March 10: 1 entry" });
    expect(quiet).toHaveClass("mood-none");
    expect(screen.getAllByTestId("calendar-day")).toHaveLength(2);
    expect(argsOf(calls, "journal_calendar")).toEqual([{ year: 2025, month: 3 }]);

    await fireEvent.click(day);
    await waitFor(() => expect(screen.getAllByTestId("journal-item")).toHaveLength(2));
    expect(argsOf(calls, "journal_search")[0]).toEqual({
      query: { text: "", from: "2025-03-03", to: "2025-03-03", moodMin: null, moodMax: null, feeling: null, tag: null },
    });

    await fireEvent.click(screen.getByTestId("calendar-next"));
    await waitFor(() => expect(argsOf(calls, "journal_calendar")).toContainEqual({ year: 2025, month: 4 }));
    expect(screen.getByRole("table", { name: "April 2025" })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryAllByTestId("calendar-day")).toHaveLength(0));
    await fireEvent.click(screen.getByTestId("calendar-prev"));
    await fireEvent.click(screen.getByTestId("calendar-prev"));
    await waitFor(() => expect(argsOf(calls, "journal_calendar")).toContainEqual({ year: 2025, month: 2 }));
  });

  it("has no axe violations", async () => {
    fakeBackend({}, {}, march());
    render(Calendar, { onopen: () => {}, today: new Date(2025, 2, 15) });
    await screen.findAllByTestId("calendar-day");
    await expectNoAxeViolations("calendar");
  });
});

describe("mood chart", () => {
  it("draws a bar for each period with a mood and lists all periods in a table", async () => {
    const now = new Date();
    const journal = new FakeJournal([
      { mood: 8, createdAt: now.toISOString() },
      { mood: 4, createdAt: now.toISOString() },
      { mood: 2, createdAt: new Date(now.getTime() - 14 * 86_400_000).toISOString() },
    ]);
    const calls = fakeBackend({}, {}, journal);
    render(MoodChart);
    await waitFor(() => expect(screen.getAllByTestId("chart-bar")).toHaveLength(2));
    const bars = screen.getAllByTestId("chart-bar");
    // Newest last; average 6 out of 10 over a 120-unit plot.
    expect(bars[1]).toHaveAttribute("height", "72");
    expect(bars[1]).toHaveAttribute("y", String(10 + 120 - 72));
    const table = screen.getByTestId("chart-table");
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(13);
    expect(rows[12]).toHaveTextContent(/2\s*6$/);
    expect(argsOf(calls, "journal_mood_series")).toEqual([{ bucket: "week", count: 12 }]);
    await fireEvent.click(screen.getByTestId("chart-month"));
    await waitFor(() => expect(argsOf(calls, "journal_mood_series")).toContainEqual({ bucket: "month", count: 12 }));
    expect(screen.getByTestId("chart-month")).toHaveAttribute("aria-pressed", "true");
    await expectNoAxeViolations("mood chart");
  });

  it("says calmly that there is nothing to show instead of drawing an empty chart", async () => {
    fakeBackend();
    render(MoodChart);
    const empty = await screen.findByTestId("chart-empty");
    expect(within(empty).getByRole("heading", { level: 3 })).toHaveTextContent("Nothing to show yet");
    expect(empty).toHaveTextContent("When you add a mood to an entry, or check in on Today, it will show here.");
    expect(screen.queryByTestId("chart-svg")).not.toBeInTheDocument();
    expect(screen.queryByTestId("chart-table")).not.toBeInTheDocument();
    // The range can still be changed: older moods may be in the months.
    expect(screen.getByTestId("chart-month")).toBeEnabled();
    await expectNoAxeViolations("empty mood chart");
  });

  it("waits for a second week with a mood before drawing", async () => {
    fakeBackend({}, {}, new FakeJournal([{ mood: 6, createdAt: new Date().toISOString() }]));
    render(MoodChart);
    const empty = await screen.findByTestId("chart-empty");
    expect(empty).toHaveTextContent("Just getting started");
    expect(empty).toHaveTextContent("So far there are moods from one week.");
    expect(screen.queryByTestId("chart-svg")).not.toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("chart-month"));
    await waitFor(() => expect(screen.getByTestId("chart-empty")).toHaveTextContent("So far there are moods from one month."));
  });
});

describe("journal trash", () => {
  it("restores entries and empties the trash only after confirming", async () => {
    const journal = new FakeJournal([
      { id: "t1", title: "Old one", createdAt: "2025-02-01T10:00:00Z", deletedAt: "2025-03-01T10:00:00Z" },
      { id: "t2", title: "Another", createdAt: "2025-02-02T10:00:00Z", deletedAt: "2025-03-01T10:00:00Z" },
      { id: "t3", title: "Third", createdAt: "2025-02-03T10:00:00Z", deletedAt: "2025-03-01T10:00:00Z" },
    ]);
    const calls = fakeBackend({}, {}, journal);
    render(Journal);
    await fireEvent.click(screen.getByTestId("journal-view-trash"));
    const trash = screen.getByTestId("journal-trash");
    expect(trash).toHaveTextContent("30 days");
    await waitFor(() => expect(screen.getAllByTestId("trash-item")).toHaveLength(3));

    await fireEvent.click(within(screen.getAllByTestId("trash-item")[0] as HTMLElement).getByTestId("trash-restore"));
    await waitFor(() => expect(screen.getAllByTestId("trash-item")).toHaveLength(2));
    expect(argsOf(calls, "journal_restore")).toEqual([{ id: "t1" }]);

    await fireEvent.click(screen.getByTestId("empty-trash"));
    const dialog = screen.getByRole("dialog", { name: "Empty the trash?" });
    expect(dialog).toHaveAttribute("open");
    expect(argsOf(calls, "journal_empty_trash")).toHaveLength(0);
    await fireEvent.click(within(dialog).getByRole("button", { name: "Keep them" }));
    expect(dialog).not.toHaveAttribute("open");
    expect(argsOf(calls, "journal_empty_trash")).toHaveLength(0);

    await fireEvent.click(screen.getByTestId("empty-trash"));
    await fireEvent.click(screen.getByTestId("empty-trash-confirm"));
    await waitFor(() => expect(argsOf(calls, "journal_empty_trash")).toHaveLength(1));
    expect(await screen.findByText("2 entries were deleted for good.")).toBeInTheDocument();
    expect(await screen.findByTestId("trash-empty")).toBeInTheDocument();
    expect(journal.entries.map((entry) => entry.id)).toEqual(["t1"]);
  });
});
