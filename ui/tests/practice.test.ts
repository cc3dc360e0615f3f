import { emit } from "@tauri-apps/api/event";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { setLocale } from "../src/lib/i18n/index.svelte";
import ExercisePlayer from "../src/lib/practice/ExercisePlayer.svelte";
import { exercise, type Exercise } from "../src/lib/practice/library";
import PracticeHome from "../src/lib/practice/PracticeHome.svelte";
import PracticeToday from "../src/lib/today/PracticeToday.svelte";
import { expectNoAxeViolations } from "./a11y";
import { commandsOf, fakeBackend, type Call } from "./ipc";
import { FakeJournal } from "./journal-fake";
import { FakePractice } from "./practice-fake";
import { FakeReminders } from "./reminders-fake";

function start(practice = new FakePractice(), vault = {}): Call[] {
  return fakeBackend({}, vault, new FakeJournal(), new FakeReminders(), practice);
}

function get(id: string): Exercise {
  const found = exercise(id);
  if (!found) throw new Error(id);
  return found;
}

/** A clock the player reads; the view's own tick is fast so moves show at once. */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("the Practice screen", () => {
  it("lists the library, filters it, and keeps favourites first", async () => {
    const practice = new FakePractice();
    const calls = start(practice);
    window.location.hash = "#/practice";
    render(App);
    await waitFor(() => expect(screen.getAllByTestId("library-item")).toHaveLength(14));
    await fireEvent.change(screen.getByLabelText("Tradition"), { target: { value: "dbt" } });
    expect(screen.getAllByTestId("library-item").map((li) => li.dataset.exercise)).toEqual(["dbt-stop", "dbt-tipp", "dear-man", "opposite-action"]);
    await fireEvent.change(screen.getByLabelText("Tradition"), { target: { value: "" } });
    await fireEvent.input(screen.getByLabelText("Search by name"), { target: { value: "box" } });
    expect(screen.getAllByTestId("library-item").map((li) => li.dataset.exercise)).toEqual(["box-breathing"]);
    await fireEvent.input(screen.getByLabelText("Search by name"), { target: { value: "" } });

    await fireEvent.click(screen.getByRole("checkbox", { name: "Keep Body scan in your favourites" }));
    await waitFor(() => expect(practice.favourites).toEqual(["body-scan"]));
    expect(screen.getAllByTestId("library-item")[0]?.dataset.exercise).toBe("body-scan");
    expect(commandsOf(calls)).toContain("practice_favourite_set");
    await expectNoAxeViolations("practice home");
  });

  it("is axe-clean and fully worded in Spanish", async () => {
    setLocale("es");
    try {
      fakeBackend({ settings_get: () => ({ language: "es", autoLockMinutes: 5, closeToTray: null, crisisCountry: null, clinicCountry: null, helpContact: null }) });
      window.location.hash = "#/practice";
      render(App);
      await waitFor(() => expect(screen.getAllByTestId("library-item")).toHaveLength(14));
      expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Práctica");
      expect(within(screen.getByTestId("practice-library")).getByText("Respiración cuadrada")).toBeInTheDocument();
      await expectNoAxeViolations("practice home in Spanish");
    } finally {
      setLocale("en");
    }
  });

  it("notes homework from the library's button and checks it off", async () => {
    const practice = new FakePractice();
    start(practice);
    render(PracticeHome);
    await waitFor(() => expect(screen.getAllByTestId("library-item")).toHaveLength(14));
    const dearMan = screen.getAllByTestId("library-item").find((li) => li.dataset.exercise === "dear-man");
    await fireEvent.click(within(dearMan as HTMLElement).getByTestId("library-homework"));
    expect(await screen.findByTestId("homework-exercise")).toHaveValue("dear-man");
    // The due date is typed as day, month and year, each box left as a member does.
    for (const [part, text] of [["day", "09"], ["month", "12"], ["year", "2026"]] as const) {
      const box = within(screen.getByRole("group", { name: "Due by (optional)" })).getByTestId(`homework-due-${part}`);
      await fireEvent.input(box, { target: { value: text } });
      await fireEvent.change(box);
    }
    await fireEvent.click(screen.getByTestId("homework-save"));
    await waitFor(() => expect(screen.getAllByTestId("homework-item")).toHaveLength(1));
    expect(practice.homework[0]).toMatchObject({ exercise: "dear-man", due: "2026-12-09", status: "requested" });
    await fireEvent.click(screen.getByRole("checkbox", { name: "DEAR MAN: ask for what you need" }));
    await waitFor(() => expect(practice.homework[0]?.status).toBe("completed"));
  });

  it("deletes a practice from the log and brings it back with undo", async () => {
    const practice = new FakePractice();
    practice.logs = [
      { id: "l1", exercise: "box-breathing", startedAt: "2026-12-01T18:00:00Z", zone: "Europe/Madrid", seconds: 250, distressBefore: 7, distressAfter: 4, worksheetId: null },
    ];
    start(practice);
    render(PracticeHome);
    const item = await screen.findByTestId("log-item");
    expect(item).toHaveTextContent("Feeling 7 → 4");
    await fireEvent.click(screen.getByRole("button", { name: "Delete this practice of Box breathing" }));
    await waitFor(() => expect(screen.queryByTestId("log-item")).not.toBeInTheDocument());
    await fireEvent.click(screen.getByTestId("undo"));
    await waitFor(() => expect(screen.getByTestId("log-item")).toBeInTheDocument());
    expect(practice.logs).toHaveLength(1);
  });

  it("shows the week's goal and streak, and the chart as a table for screen readers", async () => {
    const practice = new FakePractice();
    practice.streak = 2;
    practice.logs = [
      { id: "l1", exercise: "box-breathing", startedAt: "2026-12-01T18:00:00Z", zone: "Europe/Madrid", seconds: 250, distressBefore: null, distressAfter: null, worksheetId: null },
    ];
    start(practice);
    render(PracticeHome);
    expect(await screen.findByTestId("goal-streak")).toHaveTextContent("Weeks in a row that met your goal: 2");
    await fireEvent.click(screen.getByLabelText("Show as a table"));
    const table = screen.getByRole("table", { name: "Practices each week" });
    expect(within(table).getAllByRole("row")).toHaveLength(13);
    await fireEvent.change(screen.getByLabelText("Weekly goal"), { target: { value: "20" } });
    expect(await screen.findByTestId("goal-error")).toHaveTextContent("from 1 to 14");
  });

  it("draws the weeks with their dates, the goal as a line and a sentence that sums them up", async () => {
    const practice = new FakePractice();
    practice.weeklyGoal = 2;
    practice.logs = ["l1", "l2", "l3"].map((id) => ({
      id, exercise: "box-breathing", startedAt: "2026-12-01T18:00:00Z", zone: "Europe/Madrid", seconds: 250, distressBefore: null, distressAfter: null, worksheetId: null,
    }));
    start(practice);
    const { container } = render(PracticeHome);
    container.setAttribute("role", "main");
    expect(await screen.findByTestId("weeks-summary")).toHaveTextContent("Practices in these 12 weeks: 3. Weeks that reached your goal: 1.");
    expect(screen.getByTestId("weeks-goal")).toHaveTextContent("Dashed line: your goal of 2 a week");
    const chart = screen.getByTestId("weeks-chart");
    expect(within(chart).getAllByRole("listitem")).toHaveLength(12);
    expect(within(chart).getAllByRole("listitem")[11]).toHaveTextContent("Week of September 18: 3");
    // A date under every bar, and a scale from 0 to the tallest week, for the eye.
    const axis = container.querySelector(".axis");
    expect(axis?.children).toHaveLength(12);
    expect(axis?.firstElementChild).toHaveTextContent("Sep 7");
    expect([...(container.querySelector(".scale")?.children ?? [])].map((n) => n.textContent)).toEqual(["3", "2", "0"]);
    expect(screen.queryByTestId("weeks-empty")).not.toBeInTheDocument();
    await expectNoAxeViolations("practice chart");
  });

  it.each([
    ["en", "Nothing here yet. Each practice you finish will show here, week by week. There's no hurry."],
    ["es", "Todavía no hay nada. Cada práctica que terminas aparecerá aquí, semana a semana. No hay prisa."],
  ] as const)("in %s, says in words that there is nothing yet rather than drawing empty weeks", async (locale, words) => {
    setLocale(locale);
    try {
      start();
      render(PracticeHome);
      expect(await screen.findByTestId("weeks-empty")).toHaveTextContent(words);
      expect(screen.queryByTestId("weeks-chart")).not.toBeInTheDocument();
      expect(screen.queryByTestId("chart-as-table")).not.toBeInTheDocument();
    } finally {
      setLocale("en");
    }
  });

  it("has one primary step in view: practising the first homework, or Save while noting one", async () => {
    const practice = new FakePractice();
    const homework = (id: string, exercise: string) => ({
      id, clinicTask: null, status: "requested" as const, exercise, description: "", due: null, zone: "Europe/Madrid", createdAt: "", updatedAt: "", completedAt: null,
    });
    practice.homework = [homework("h1", "dear-man"), homework("h2", "box-breathing")];
    start(practice);
    render(PracticeHome);
    const list = await screen.findByTestId("homework");
    await waitFor(() => expect(within(list).getAllByTestId("homework-practise")).toHaveLength(2));
    const primaries = () => [...list.querySelectorAll(".primary")].map((b) => b.getAttribute("data-testid"));
    expect(primaries()).toEqual(["homework-practise"]);
    expect(within(list).getAllByTestId("homework-practise")[1]).toHaveClass("secondary");
    await fireEvent.click(screen.getByTestId("homework-add"));
    await screen.findByTestId("homework-form");
    expect(primaries()).toEqual(["homework-save"]);
    expect(within(list).getAllByTestId("homework-practise").every((b) => b.classList.contains("secondary"))).toBe(true);
  });
});

describe("the player", () => {
  it("runs box breathing with ratings before and after, and logs it", async () => {
    const practice = new FakePractice();
    start(practice);
    const c = manualClock();
    render(ExercisePlayer, { props: { exercise: get("box-breathing"), onclose: () => {}, now: c.now, tickMs: 5 } });
    await fireEvent.click(screen.getByRole("button", { name: "7 of 10" }));
    expect(screen.getByTestId("player-step")).toHaveTextContent("Step 1 of 3");
    await fireEvent.click(screen.getByTestId("player-next"));
    await waitFor(() => expect(screen.getByTestId("breath-count")).toHaveTextContent("Breathe in… 4"));
    c.advance(5_000);
    await waitFor(() => expect(screen.getByTestId("breath-count")).toHaveTextContent("Hold… 3"));
    // The pause control is there for as long as anything moves.
    await fireEvent.click(screen.getByTestId("player-pause"));
    c.advance(60_000);
    await waitFor(() => expect(screen.getByTestId("player-left")).toHaveTextContent("Paused · 3:55 left"));
    await fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    c.advance(235_000);
    await waitFor(() => expect(screen.getByTestId("player-step")).toHaveTextContent("Step 3 of 3"));
    await fireEvent.click(screen.getByTestId("player-next"));
    await fireEvent.click(await screen.findByRole("button", { name: "4 of 10" }));
    await waitFor(() => expect(screen.getByTestId("player-logged")).toBeInTheDocument());
    expect(practice.logs[0]).toMatchObject({ exercise: "box-breathing", distressBefore: 7, distressAfter: 4, seconds: 240 });
    expect(screen.getByTestId("player-change")).toHaveTextContent("Your distress went from 7 to 4.");
  });

  it("makes Pause the one main control while time runs, and Next the main one otherwise", async () => {
    start();
    const c = manualClock();
    render(ExercisePlayer, { props: { exercise: get("box-breathing"), onclose: () => {}, now: c.now, tickMs: 5 } });
    await fireEvent.click(screen.getByTestId("distress-skip"));
    const player = screen.getByTestId("player");
    const primaries = () => [...player.querySelectorAll(".primary")].map((b) => b.getAttribute("data-testid"));

    // A step the member moves on from: no clock, no word of Space.
    expect(screen.queryByTestId("player-pause")).not.toBeInTheDocument();
    expect(primaries()).toEqual(["player-next"]);
    expect(screen.getByTestId("player-keys")).toHaveTextContent("The arrow keys go back and on.");
    expect(screen.getByTestId("player-keys")).not.toHaveTextContent(/space/i);
    await fireEvent.keyDown(player, { key: " " });
    expect(screen.getByTestId("player-status")).toHaveTextContent("");

    // Arrow right goes on, and says where it went.
    await fireEvent.keyDown(player, { key: "ArrowRight" });
    await waitFor(() => expect(screen.getByTestId("player-step")).toHaveTextContent("Step 2 of 3"));
    expect(screen.getByTestId("player-status")).toHaveTextContent("Step 2 of 3");
    const pause = screen.getByTestId("player-pause");
    expect(primaries()).toEqual(["player-pause"]);
    expect(screen.getByTestId("player-next")).toHaveClass("secondary");
    expect(screen.getByTestId("player-restart")).toHaveClass("link-button");
    expect(screen.getByTestId("player-stop")).toHaveClass("link-button");
    expect(pause).toHaveAttribute("aria-keyshortcuts", "Space");
    expect(screen.getByTestId("player-keys")).toHaveTextContent("Space pauses and resumes; the arrow keys go back and on.");

    // Space pauses and resumes, and says so.
    await fireEvent.keyDown(player, { key: " " });
    expect(pause).toHaveTextContent("Resume");
    expect(screen.getByTestId("player-status")).toHaveTextContent("Paused");
    await fireEvent.keyDown(player, { key: " " });
    expect(pause).toHaveTextContent("Pause");
    expect(screen.getByTestId("player-status")).toHaveTextContent("Going again");

    // When the time is up with focus on Pause, the keyboard lands on Next.
    pause.focus();
    c.advance(241_000);
    await waitFor(() => expect(screen.getByTestId("player-step")).toHaveTextContent("Step 3 of 3"));
    await waitFor(() => expect(screen.getByTestId("player-next")).toHaveFocus());
    expect(primaries()).toEqual(["player-next"]);

    // Back onto a timed step from its button: focus goes to Pause, so Space pauses rather than pressing Back again.
    screen.getByTestId("player-back").focus();
    await fireEvent.click(screen.getByTestId("player-back"));
    await waitFor(() => expect(screen.getByTestId("player-pause")).toHaveFocus());
    await expectNoAxeViolations("player controls");
  });

  it.each([
    ["en", 7, 3, "Your distress went from 7 to 3."],
    ["en", 5, 5, "Your distress stayed at 5."],
    ["en", 3, 6, "Your distress went from 3 to 6. That happens sometimes, and the practice still counts."],
    ["es", 7, 3, "Tu malestar pasó de 7 a 3."],
    ["es", 5, 5, "Tu malestar se mantuvo en 5."],
  ] as const)("in %s, says before %i and after %i as a sentence", async (locale, before, after, sentence) => {
    setLocale(locale);
    try {
      start();
      render(ExercisePlayer, { props: { exercise: get("self-compassion-break"), onclose: () => {}, tickMs: 5 } });
      await fireEvent.click(screen.getByTestId(`distress-${before}`));
      await fireEvent.click(screen.getByTestId("player-stop"));
      await fireEvent.click(await screen.findByTestId(`distress-${after}`));
      expect(await screen.findByTestId("player-change")).toHaveTextContent(sentence);
      expect(screen.getByTestId("player-close")).toHaveClass("primary");
    } finally {
      setLocale("en");
    }
  });

  it("lets both ratings be skipped", async () => {
    const practice = new FakePractice();
    start(practice);
    const c = manualClock();
    render(ExercisePlayer, { props: { exercise: get("self-compassion-break"), onclose: () => {}, now: c.now, tickMs: 5 } });
    await fireEvent.click(screen.getByTestId("distress-skip"));
    await fireEvent.click(screen.getByTestId("player-stop"));
    await fireEvent.click(await screen.findByTestId("distress-skip"));
    await waitFor(() => expect(practice.logs).toHaveLength(1));
    expect(practice.logs[0]).toMatchObject({ distressBefore: null, distressAfter: null });
  });

  it("saves a thought record as it is typed and copies it into a journal entry", async () => {
    const practice = new FakePractice();
    const journal = new FakeJournal();
    const calls = fakeBackend({}, {}, journal, new FakeReminders(), practice);
    render(ExercisePlayer, { props: { exercise: get("thought-record"), onclose: () => {}, saveDelayMs: 10, tickMs: 5 } });
    await fireEvent.click(screen.getByTestId("distress-skip"));
    await fireEvent.click(screen.getByTestId("player-next"));
    await fireEvent.input(screen.getByTestId("answer-situation"), { target: { value: "A friend did not reply" } });
    await waitFor(() => expect(practice.worksheets[0]?.answers).toEqual({ situation: "A friend did not reply" }));
    expect(screen.getByTestId("worksheet-save")).toHaveTextContent("Saved");
    await fireEvent.click(screen.getByTestId("player-next"));
    await fireEvent.input(screen.getByTestId("answer-thought"), { target: { value: "They are angry with me" } });
    await fireEvent.click(screen.getByTestId("player-stop"));
    await fireEvent.click(await screen.findByRole("button", { name: "5 of 10" }));
    await waitFor(() => expect(practice.worksheets[0]?.completedAt).not.toBeNull());
    expect(practice.worksheets).toHaveLength(1);
    expect(practice.logs[0]?.worksheetId).toBe(practice.worksheets[0]?.id);
    await fireEvent.click(await screen.findByTestId("player-to-journal"));
    await screen.findByTestId("player-copied");
    const saved = calls.find((c) => c.cmd === "journal_save")?.args as { draft: { title: string; body: string } };
    expect(saved.draft.title).toBe("Thought record");
    expect(saved.draft.body).toContain("A friend did not reply");
    expect(saved.draft.body).toContain("They are angry with me");
  });

  it("takes its title's level from where it is shown, and asks its questions one level below", async () => {
    start();
    const { unmount } = render(ExercisePlayer, { props: { exercise: get("box-breathing"), onclose: () => {}, tickMs: 5 } });
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Box breathing");
    expect(screen.getByRole("heading", { level: 2 })).toHaveTextContent("Before you start: how strong is the feeling right now?");
    unmount();
    // Inside Need help now, under the panel's h2.
    render(ExercisePlayer, { props: { exercise: get("box-breathing"), locked: true, level: 3, onclose: () => {}, tickMs: 5 } });
    expect(screen.getByRole("heading", { level: 3 })).toHaveTextContent("Box breathing");
    expect(screen.queryByRole("heading", { level: 2 })).not.toBeInTheDocument();
  });

  it("played locked, asks nothing, saves nothing, and says so", async () => {
    const calls = start(new FakePractice(), { state: "locked" });
    const c = manualClock();
    const { container } = render(ExercisePlayer, {
      props: { exercise: get("box-breathing"), locked: true, onclose: () => {}, now: c.now, tickMs: 5 },
    });
    container.setAttribute("role", "main");
    expect(screen.getByTestId("player-locked-note")).toHaveTextContent("Nothing from this practice is saved");
    expect(screen.queryByTestId("distress")).not.toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("player-next"));
    c.advance(241_000);
    await waitFor(() => expect(screen.getByTestId("player-step")).toHaveTextContent("Step 3 of 3"));
    await fireEvent.click(screen.getByTestId("player-next"));
    await screen.findByTestId("player-done");
    expect(commandsOf(calls).filter((c) => c.startsWith("practice_"))).toEqual([]);
    await expectNoAxeViolations("locked player");
  });
});

describe("practice on Today and in Need help now", () => {
  it("suggests homework first, then a favourite, then a short breathing exercise", async () => {
    const practice = new FakePractice();
    practice.favourites = ["body-scan"];
    start(practice);
    const { unmount } = render(PracticeToday);
    expect(await screen.findByTestId("today-suggestion")).toHaveTextContent("Body scan");
    unmount();
    practice.homework = [
      { id: "h", clinicTask: null, status: "requested", exercise: "dear-man", description: "", due: "2026-12-09", zone: "Europe/Madrid", createdAt: "", updatedAt: "", completedAt: null },
    ];
    render(PracticeToday);
    expect(await screen.findByTestId("today-suggestion")).toHaveTextContent("DEAR MAN");
    expect(screen.getByTestId("today-homework")).toHaveTextContent("DEAR MAN");
  });

  it("a reminder's Open starts the exercise it names, or the suggested one", async () => {
    const practice = new FakePractice();
    practice.favourites = ["longer-exhale"];
    start(practice);
    render(App);
    await screen.findByTestId("screen-today");
    await emit("open-screen", "practice/dear-man");
    expect(await screen.findByTestId("player")).toHaveTextContent("DEAR MAN");
    await fireEvent.click(screen.getByTestId("player-close"));
    await screen.findByTestId("screen-practice");
    // Asked while Practice is showing, it starts too.
    await emit("open-screen", "practice/suggested");
    await waitFor(() => expect(screen.getByTestId("player")).toHaveTextContent("Longer out-breath"));
  });

  it("plays box breathing from Need help now on the lock screen", async () => {
    const calls = start(new FakePractice(), { state: "locked" });
    render(App);
    await screen.findByTestId("screen-unlock");
    await fireEvent.click(screen.getByTestId("help-button"));
    await fireEvent.click(screen.getByTestId("help-play-box-breathing"));
    expect(await screen.findByTestId("player")).toHaveTextContent("Box breathing");
    expect(screen.getByTestId("player-locked-note")).toBeInTheDocument();
    expect(commandsOf(calls).filter((c) => c.startsWith("practice_"))).toEqual([]);
  });
});
