import { emit } from "@tauri-apps/api/event";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import type { Session, Upcoming } from "../src/lib/bindings/types";
import { setLocale } from "../src/lib/i18n/index.svelte";
import NextSession from "../src/lib/today/NextSession.svelte";
import TodayReminders from "../src/lib/today/TodayReminders.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fail, fakeBackend, type Call } from "./ipc";
import { FakeJournal } from "./journal-fake";
import { FakeReminders } from "./reminders-fake";

// Times are written without a zone, so they are the member's local times wherever the tests run.
const utc = (local: string) => new Date(local).toISOString();
const clock = { now: new Date("2026-12-03T10:00:00") };
const at = (local: string) => (clock.now = new Date(local));

function session(id: string, startsAt: string, more: Partial<Session> = {}): Session {
  return { id, startsAt, endsAt: null, title: `Group ${id}`, cancelled: false, handEntered: false, videoLink: "https://meet.example/x", ...more };
}

function start(sessions: Session[], overrides: Parameters<typeof fakeBackend>[0] = {}): Call[] {
  const journal = new FakeJournal();
  journal.sessions = sessions;
  const calls = fakeBackend(overrides, {}, journal);
  // A fast tick so a moved clock shows at once; the app ticks every second.
  render(NextSession, { props: { now: () => clock.now, tickMs: 5 } });
  return calls;
}

describe("Your next session", () => {
  it("shows the soonest live session, counts down, and opens Join from 10 minutes before", async () => {
    at("2026-12-03T10:00:00");
    const calls = start([
      session("past", utc("2026-12-02T18:00:00"), { endsAt: utc("2026-12-02T19:00:00") }),
      session("off", utc("2026-12-04T18:00:00"), { cancelled: true }),
      session("next", utc("2026-12-05T13:30:00")),
      session("later", utc("2026-12-12T13:30:00")),
    ]);
    expect(await screen.findByTestId("next-name")).toHaveTextContent("Group next");
    expect(screen.getByTestId("next-session")).toHaveTextContent("Dec 5, 2026, 1:30 PM");
    const countdown = screen.getByTestId("next-countdown");
    expect(countdown).toHaveTextContent("Starts in 2 days 3 hours");
    // Never read out on its own: a ticking countdown in a live region would chatter.
    expect(countdown.closest("[aria-live], [role=status], [role=alert], [role=timer]")).toBeNull();
    const join = screen.getByRole("button", { name: "Join by video" });
    expect(join).toBeDisabled();
    expect(join).toHaveAccessibleDescription("Join opens 10 minutes before the start.");

    at("2026-12-05T13:19:30");
    await waitFor(() => expect(countdown).toHaveTextContent("Starts in 11 minutes"));
    expect(join).toBeDisabled();

    at("2026-12-05T13:20:00");
    await waitFor(() => expect(join).toBeEnabled());
    expect(countdown).toHaveTextContent("Starts in 10 minutes");
    expect(screen.queryByTestId("next-join-reason")).not.toBeInTheDocument();
    await fireEvent.click(join);
    await waitFor(() => expect(calls).toContainEqual({ cmd: "open_web_link", args: { url: "https://meet.example/x" } }));

    at("2026-12-05T13:30:00");
    await waitFor(() => expect(countdown).toHaveTextContent("Happening now"));
    // With no end given, a session is taken to last 90 minutes.
    at("2026-12-05T14:59:00");
    await waitFor(() => expect(join).toBeEnabled());
    expect(screen.getByTestId("next-name")).toHaveTextContent("Group next");
    at("2026-12-05T15:00:00");
    await waitFor(() => expect(screen.getByTestId("next-name")).toHaveTextContent("Group later"));
  });

  it("keeps a session until the end its clinic gave", async () => {
    at("2026-12-05T13:59:00");
    start([session("short", utc("2026-12-05T13:00:00"), { endsAt: utc("2026-12-05T14:00:00") }), session("after", utc("2026-12-06T13:00:00"))]);
    expect(await screen.findByTestId("next-name")).toHaveTextContent("Group short");
    expect(screen.getByRole("button", { name: "Join by video" })).toBeEnabled();
    at("2026-12-05T14:00:00");
    await waitFor(() => expect(screen.getByTestId("next-name")).toHaveTextContent("Group after"));
  });

  it("says why Join is off when the session has no video link", async () => {
    at("2026-12-05T13:25:00");
    start([session("nolink", utc("2026-12-05T13:30:00"), { videoLink: null })]);
    const join = await screen.findByRole("button", { name: "Join by video" });
    expect(join).toBeDisabled();
    expect(screen.getByTestId("next-join-reason")).toHaveTextContent("There's no video link for this session.");
    expect(screen.getByTestId("next-countdown")).toHaveTextContent("Starts in 5 minutes");
  });

  it("explains when the browser could not be opened", async () => {
    at("2026-12-05T13:25:00");
    start([session("s", utc("2026-12-05T13:30:00"))], { open_web_link: () => fail("open_failed") });
    await fireEvent.click(await screen.findByRole("button", { name: "Join by video" }));
    expect(await screen.findByTestId("next-join-error")).toHaveTextContent("Alongside couldn't open your web browser.");
    expect(screen.getByTestId("next-join-error")).toHaveAttribute("role", "alert");
  });

  it("points to Sessions when nothing is coming up", async () => {
    at("2026-12-03T10:00:00");
    start([session("gone", utc("2026-11-01T10:00:00")), session("off", utc("2026-12-09T10:00:00"), { cancelled: true })]);
    expect(await screen.findByTestId("next-none")).toHaveTextContent("No sessions coming up. Add one in Sessions.");
    expect(screen.getByRole("link", { name: "Go to Sessions" })).toHaveAttribute("href", "#/sessions");
  });

  it("reads the sessions again when they or the reminders change", async () => {
    at("2026-12-03T10:00:00");
    const journal = new FakeJournal();
    const calls = fakeBackend({}, {}, journal);
    render(NextSession, { props: { now: () => clock.now, tickMs: 5 } });
    await screen.findByTestId("next-none");
    journal.sessions = [session("new", utc("2026-12-04T10:00:00"))];
    await emit("sessions-updated");
    expect(await screen.findByTestId("next-name")).toHaveTextContent("Group new");
    await emit("reminders-changed");
    await waitFor(() => expect(calls.filter((c) => c.cmd === "sessions_list")).toHaveLength(3));
  });

  it("shows the error when the sessions cannot be read", async () => {
    start([], { sessions_list: () => fail("database") });
    expect(await screen.findByRole("alert")).toHaveTextContent("Alongside couldn't read or save your information.");
  });
});

function reminder(key: string, due: string, what: Upcoming["what"]): Upcoming {
  return { key, due, what };
}

describe("Today's reminders", () => {
  const upcoming = [
    reminder("b", utc("2026-12-03T17:45:00"), { type: "session", session: "s1", starts_at: utc("2026-12-03T18:00:00"), lead_minutes: 15 }),
    reminder("a", utc("2026-12-03T08:00:00"), { type: "routine", kind: "practice" }),
    reminder("c", utc("2026-12-03T18:00:00"), { type: "session", session: "s1", starts_at: utc("2026-12-03T18:00:00"), lead_minutes: 0 }),
    reminder("d", utc("2026-12-03T20:00:00"), { type: "routine", kind: "journal" }),
    reminder("e", utc("2026-12-03T17:00:00"), { type: "session", session: "s2", starts_at: utc("2026-12-04T17:00:00"), lead_minutes: 1440 }),
    reminder("f", utc("2026-12-03T09:00:00"), { type: "session", session: "s3", starts_at: utc("2026-12-05T09:00:00"), lead_minutes: 2880 }),
    reminder("tomorrow", utc("2026-12-04T08:00:00"), { type: "routine", kind: "practice" }),
  ];

  it("lists what is still to come today, soonest first, in plain words", async () => {
    at("2026-12-03T07:00:00");
    const reminders = new FakeReminders();
    reminders.upcoming = upcoming;
    fakeBackend({}, {}, new FakeJournal(), reminders);
    render(TodayReminders, { props: { now: () => clock.now, tickMs: 5 } });
    await waitFor(() => expect(screen.getAllByTestId("today-reminder")).toHaveLength(6));
    // A session's reminder names when the session starts: "in 15 minutes" beside 5:45 PM read as time left.
    expect(screen.getAllByTestId("today-reminder").map((li) => li.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "8:00 AM Practice",
      "9:00 AM Reminder for the group session on Dec 5, 2026, 9:00 AM",
      "5:00 PM Reminder for tomorrow's group session at 5:00 PM",
      "5:45 PM Reminder for the group session at 6:00 PM",
      "6:00 PM Group session starting",
      "8:00 PM Journal",
    ]);
    // Past midnight the list is tomorrow's.
    at("2026-12-04T00:01:00");
    await waitFor(() => expect(screen.getAllByTestId("today-reminder")).toHaveLength(1));
  });

  it("names the session's own start in Spanish too", async () => {
    setLocale("es");
    try {
      at("2026-12-03T07:00:00");
      const reminders = new FakeReminders();
      reminders.upcoming = upcoming.filter((u) => u.what.type === "session");
      fakeBackend({}, {}, new FakeJournal(), reminders);
      render(TodayReminders, { props: { now: () => clock.now, tickMs: 5 } });
      await waitFor(() => expect(screen.getAllByTestId("today-reminder")).toHaveLength(4));
      expect(screen.getAllByTestId("today-reminder").map((li) => li.textContent?.replace(/\s+/g, " ").trim())).toEqual([
        "9:00 Recordatorio de la sesión de grupo del 5 dic 2026, 9:00",
        "17:00 Recordatorio de la sesión de grupo de mañana a las 17:00",
        "17:45 Recordatorio de la sesión de grupo de las 18:00",
        "18:00 Empieza la sesión de grupo",
      ]);
    } finally {
      setLocale("en");
    }
  });

  it("says when nothing more is coming today, and reads the list again when reminders change", async () => {
    at("2026-12-03T07:00:00");
    const reminders = new FakeReminders();
    fakeBackend({}, {}, new FakeJournal(), reminders);
    render(TodayReminders, { props: { now: () => clock.now, tickMs: 5 } });
    expect(await screen.findByTestId("today-reminders-none")).toHaveTextContent("No more reminders today.");
    reminders.upcoming = [upcoming[3] as Upcoming];
    await emit("reminders-changed");
    await waitFor(() => expect(screen.getAllByTestId("today-reminder")).toHaveLength(1));
  });

  it("lists what was missed apart, with the session's own start time", async () => {
    at("2026-12-03T07:00:00");
    const reminders = new FakeReminders();
    reminders.missed = [
      reminder("m1", utc("2026-12-02T17:45:00"), { type: "session", session: "s0", starts_at: utc("2026-12-02T18:00:00"), lead_minutes: 15 }),
      reminder("m2", utc("2026-12-02T21:00:00"), { type: "occasion", source: "homework", screen: "practice" }),
      reminder("m3", utc("2026-12-02T22:00:00"), { type: "occasion", source: "not-worded-yet", screen: "today" }),
    ];
    fakeBackend({}, {}, new FakeJournal(), reminders);
    render(TodayReminders, { props: { now: () => clock.now, tickMs: 5 } });
    await waitFor(() => expect(screen.getAllByTestId("today-missed-reminder")).toHaveLength(3));
    expect(screen.getByRole("list", { name: "Missed" })).toHaveAccessibleDescription(/closed or the computer was asleep/);
    expect(screen.getAllByTestId("today-missed-reminder").map((li) => li.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Wed 5:45 PM Group session at 6:00 PM",
      "Wed 9:00 PM Practice from your group due",
      "Wed 10:00 PM Reminder",
    ]);
    expect(screen.getByTestId("today-reminders-none")).toBeInTheDocument();
    await expectNoAxeViolations("today's reminders with missed ones");
    // Today's own say only the time.
    reminders.missed = [reminder("m3", utc("2026-12-03T06:30:00"), { type: "routine", kind: "journal" })];
    await emit("reminders-changed");
    await waitFor(() => expect(screen.getByTestId("today-missed-reminder")).toHaveTextContent(/^\s*6:30 AM\s*Journal\s*$/));
  });

  it("shows the error when the reminders cannot be read", async () => {
    fakeBackend({ reminders_overview: () => fail("database") });
    render(TodayReminders);
    expect(await screen.findByRole("alert")).toHaveTextContent("couldn't read or save your information");
  });
});

describe("Today, with a session and reminders", () => {
  it("has no axe violations", async () => {
    const journal = new FakeJournal();
    const soon = new Date(Date.now() + 5 * 60_000).toISOString();
    journal.sessions = [session("soon", soon)];
    const reminders = new FakeReminders();
    reminders.upcoming = [reminder("x", new Date(Date.now() + 60_000).toISOString(), { type: "routine", kind: "journal" })];
    fakeBackend({}, {}, journal, reminders);
    render(App);
    expect(await screen.findByTestId("next-name")).toHaveTextContent("Group soon");
    expect(screen.getByRole("button", { name: "Join by video" })).toBeEnabled();
    await expectNoAxeViolations("today with a session");
  });

  it("has no axe violations with nothing coming up", async () => {
    fakeBackend();
    render(App);
    await screen.findByTestId("next-none");
    await screen.findByTestId("today-reminders-none");
    await expectNoAxeViolations("today with nothing coming up");
  });
});
