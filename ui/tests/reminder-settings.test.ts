import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Routine } from "../src/lib/bindings/types";
import { setLocale } from "../src/lib/i18n/index.svelte";
import ReminderSettings from "../src/lib/reminders/ReminderSettings.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fail, fakeBackend, type Call } from "./ipc";
import { FakeJournal } from "./journal-fake";
import { FakeReminders } from "./reminders-fake";
import { fillParts, shownParts } from "./field-parts";

function argsOf(calls: Call[], cmd: string): unknown[] {
  return calls.filter((call) => call.cmd === cmd).map((call) => call.args);
}

const practice: Routine = { id: "r1", kind: "practice", time: "08:30:00", weekdays: [0, 2, 4], enabled: true };


async function start(reminders = new FakeReminders(), overrides: Parameters<typeof fakeBackend>[0] = {}) {
  const calls = fakeBackend(overrides, {}, new FakeJournal(), reminders);
  render(ReminderSettings);
  await screen.findByTestId("reminder-leads");
  return calls;
}

describe("Reminder settings", () => {
  it("shows what is saved: lead times, a custom one, quiet hours, details and routines", async () => {
    const reminders = new FakeReminders();
    reminders.preferences = { leads: [0, 15, 90], quietHours: { start: "22:00:00", end: "07:00:00" }, showDetails: true, clinicAllowedInQuietHours: false };
    reminders.routines = [practice];
    reminders.desktopNotifications = false;
    await start(reminders);

    expect(screen.getByRole("checkbox", { name: "When it starts" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "15 minutes before" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "1 hour before" })).not.toBeChecked();
    expect(screen.getByRole("checkbox", { name: "1 day before" })).not.toBeChecked();
    expect(screen.getByTestId("lead-custom")).toHaveTextContent("90 minutes before");
    expect(screen.getByRole("button", { name: "Remove “90 minutes before”" })).toBeInTheDocument();

    expect(screen.getByRole("switch", { name: "Quiet hours" })).toBeChecked();
    expect(shownParts(screen.getByRole("group", { name: "From" }))).toEqual(["10", "00", "pm"]);
    expect(shownParts(screen.getByRole("group", { name: "Until" }))).toEqual(["7", "00", "am"]);
    expect(screen.getByRole("switch", { name: "Show session names in notifications" })).toBeChecked();
    expect(screen.getByTestId("reminders-no-desktop")).toHaveTextContent("Reminders appear inside the Alongside window instead.");

    const row = screen.getByTestId("routine");
    expect(within(row).getByRole("group", { name: "Practice at 8:30 AM" })).toBeInTheDocument();
    expect(within(row).getByLabelText("Remind me about")).toHaveValue("practice");
    expect(shownParts(within(row).getByRole("group", { name: "At" }))).toEqual(["8", "30", "am"]);
    expect(within(row).getByRole("checkbox", { name: "Monday" })).toBeChecked();
    expect(within(row).getByRole("checkbox", { name: "Tuesday" })).not.toBeChecked();
    // Each day is the design system's themed checkbox in a whole 44 px row to hit (label.check).
    for (const day of within(row).getAllByRole("checkbox")) expect(day.closest("label")).toHaveClass("check");
    expect(within(row).getByRole("switch", { name: "On" })).toBeChecked();
    expect(within(row).getByRole("switch", { name: "On" }).closest("label")).toHaveClass("check");
    expect(screen.getByRole("switch", { name: "Quiet hours" }).closest("label")).toHaveClass("check");
    await expectNoAxeViolations("reminder settings");
  });

  it("says nothing about the desktop when its notifications work", async () => {
    const reminders = new FakeReminders();
    reminders.desktopNotifications = true;
    await start(reminders);
    expect(screen.queryByTestId("reminders-no-desktop")).not.toBeInTheDocument();
  });

  it("saves a lead time as soon as it is ticked, and adds and removes custom ones", async () => {
    const reminders = new FakeReminders();
    const calls = await start(reminders);
    await fireEvent.click(screen.getByRole("checkbox", { name: "1 hour before" }));
    await waitFor(() => expect(reminders.preferences.leads).toEqual([15, 60, 1440]));
    expect(argsOf(calls, "reminders_set_preferences")).toEqual([
      { preferences: { leads: [15, 60, 1440], quietHours: null, showDetails: false, clinicAllowedInQuietHours: false } },
    ]);

    const add = screen.getByLabelText("Add another time, in minutes before");
    await fireEvent.input(add, { target: { value: "30" } });
    await fireEvent.click(screen.getByTestId("lead-add"));
    await waitFor(() => expect(reminders.preferences.leads).toEqual([15, 30, 60, 1440]));
    expect(screen.getByTestId("lead-custom")).toHaveTextContent("30 minutes before");
    expect(add).toHaveValue(null);

    await fireEvent.click(screen.getByRole("button", { name: "Remove “30 minutes before”" }));
    await waitFor(() => expect(reminders.preferences.leads).toEqual([15, 60, 1440]));
    expect(screen.queryByTestId("lead-custom")).not.toBeInTheDocument();
    expect(add).toHaveFocus();
  });

  it("explains a lead time it cannot take, beside the field, without asking the backend", async () => {
    const calls = await start();
    await fireEvent.input(screen.getByLabelText("Add another time, in minutes before"), { target: { value: "20000" } });
    await fireEvent.click(screen.getByTestId("lead-add"));
    expect(await screen.findByTestId("lead-error")).toHaveTextContent("up to 7 days before");
    expect(screen.getByTestId("lead-error")).toHaveAttribute("role", "alert");
    expect(argsOf(calls, "reminders_set_preferences")).toEqual([]);
  });

  it("puts a lead time back and says why when saving fails", async () => {
    await start(new FakeReminders(), { reminders_set_preferences: () => fail("database") });
    const box = screen.getByRole("checkbox", { name: "1 hour before" });
    await fireEvent.click(box);
    expect(await screen.findByTestId("lead-error")).toHaveTextContent("Alongside couldn't read or save your information.");
    await waitFor(() => expect(box).not.toBeChecked());
  });

  it("turns quiet hours on, saves their times and explains times it cannot take", async () => {
    const reminders = new FakeReminders();
    await start(reminders);
    expect(screen.queryByRole("group", { name: "From" })).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole("switch", { name: "Quiet hours" }));
    await waitFor(() => expect(reminders.preferences.quietHours).toEqual({ start: "22:00:00", end: "07:00:00" }));

    const from = screen.getByRole("group", { name: "From" });
    await fillParts(from, { Hour: "7", Minutes: "30" });
    await waitFor(() => expect(reminders.preferences.quietHours).toEqual({ start: "19:30:00", end: "07:00:00" }));

    // A half-typed time is not saved and says what it is missing.
    await fillParts(from, { Minutes: "" });
    await fireEvent.blur(within(from).getByLabelText("Minutes"));
    expect(within(from).getByRole("alert")).toHaveTextContent("Write the hour and the minutes as numbers");
    await fillParts(from, { Minutes: "30" });
    expect(within(from).queryByRole("alert")).not.toBeInTheDocument();

    // 7:30 PM → 7:30 AM: one change, the same as the end, so it goes back.
    await fillParts(from, { Minutes: "00", "AM or PM": "am" });
    expect(await screen.findByTestId("quiet-error")).toHaveTextContent("a start and an end that are different");
    await waitFor(() => expect(shownParts(from)).toEqual(["7", "00", "pm"]));
    expect(reminders.preferences.quietHours).toEqual({ start: "19:00:00", end: "07:00:00" });
    for (const box of within(from).getAllByRole("textbox")) {
      expect(box).toHaveAttribute("aria-invalid", "true");
      expect(box).toHaveAccessibleDescription(/a start and an end that are different/);
    }

    await fireEvent.click(screen.getByRole("switch", { name: "Quiet hours" }));
    await waitFor(() => expect(reminders.preferences.quietHours).toBeNull());
    expect(screen.queryByTestId("quiet-error")).not.toBeInTheDocument();
  });

  it("lets the clinic's session reminders through quiet hours when asked", async () => {
    const reminders = new FakeReminders();
    reminders.preferences = { ...reminders.preferences, quietHours: { start: "22:00:00", end: "07:00:00" } };
    await start(reminders);
    const clinic = screen.getByRole("checkbox", { name: "Reminders for the clinic's sessions may come in quiet hours" });
    expect(clinic).not.toBeChecked();
    expect(clinic).toHaveAccessibleDescription(/each have this choice in their own form/);
    await fireEvent.click(clinic);
    await waitFor(() => expect(reminders.preferences.clinicAllowedInQuietHours).toBe(true));
    expect(reminders.preferences.quietHours).toEqual({ start: "22:00:00", end: "07:00:00" });
  });

  it("saves whether notifications may name the session", async () => {
    const reminders = new FakeReminders();
    await start(reminders);
    const details = screen.getByRole("switch", { name: "Show session names in notifications" });
    expect(details).toHaveAccessibleDescription(/only say “your group session”/);
    await fireEvent.click(details);
    await waitFor(() => expect(reminders.preferences.showDetails).toBe(true));
  });

  it("adds a journal reminder, changes it, and can remove it and undo that", async () => {
    const reminders = new FakeReminders();
    const calls = await start(reminders);
    expect(screen.getByTestId("routines-none")).toBeInTheDocument();

    await fireEvent.click(screen.getByRole("button", { name: "Add a reminder" }));
    const row = await screen.findByTestId("routine");
    expect(argsOf(calls, "reminders_save_routine")).toEqual([
      { routine: { id: "", kind: "journal", time: "20:00:00", weekdays: [], enabled: true } },
    ]);
    const kind = within(row).getByLabelText("Remind me about");
    await waitFor(() => expect(kind).toHaveFocus());
    expect(within(row).getByTestId("routine-days-hint")).toHaveTextContent("every day");

    await fireEvent.change(kind, { target: { value: "practice" } });
    await fillParts(within(row).getByRole("group", { name: "At" }), { Hour: "7", Minutes: "15", "AM or PM": "am" });
    await fireEvent.click(within(row).getByRole("checkbox", { name: "Wednesday" }));
    await fireEvent.click(within(row).getByRole("switch", { name: "On" }));
    await waitFor(() =>
      expect(reminders.routines).toEqual([{ id: "routine-1", kind: "practice", time: "07:15:00", weekdays: [2], enabled: false }]),
    );
    expect(within(row).getByTestId("routine-days-hint")).toHaveTextContent("Only on the days chosen.");

    await fireEvent.click(within(row).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(reminders.routines).toEqual([]));
    expect(screen.queryByTestId("routine")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Journal and practice reminders" })).toHaveFocus();
    expect(screen.getByTestId("undo-toast")).toHaveTextContent("Reminder removed.");
    await expectNoAxeViolations("reminder removed");

    await fireEvent.click(screen.getByTestId("undo"));
    await waitFor(() => expect(reminders.routines).toHaveLength(1));
    expect(reminders.routines[0]?.id).toBe("routine-1");
    expect(await screen.findByText("The reminder is back.")).toBeInTheDocument();
    expect(screen.getByTestId("routine")).toBeInTheDocument();
  });

  it("keeps a reminder as it was and says why when a change cannot be saved", async () => {
    const reminders = new FakeReminders();
    reminders.routines = [practice];
    await start(reminders, { reminders_save_routine: () => fail("routine_invalid") });
    const row = screen.getByTestId("routine");
    const on = within(row).getByRole("switch", { name: "On" });
    await fireEvent.click(on);
    expect(await within(row).findByTestId("routine-error")).toHaveTextContent("A reminder needs a time of day");
    await waitFor(() => expect(on).toBeChecked());
  });

  it("says why adding a reminder did not work, beside the button", async () => {
    await start(new FakeReminders(), { reminders_save_routine: () => fail("database") });
    await fireEvent.click(screen.getByRole("button", { name: "Add a reminder" }));
    expect(await screen.findByTestId("routines-error")).toHaveTextContent("couldn't read or save your information");
    expect(screen.queryByTestId("routine")).not.toBeInTheDocument();
  });

  it("writes quiet hours and reminder times on the 24-hour clock in Spanish", async () => {
    const reminders = new FakeReminders();
    reminders.preferences = { ...reminders.preferences, quietHours: { start: "22:00:00", end: "07:00:00" } };
    reminders.routines = [practice];
    setLocale("es");
    await start(reminders);
    expect(shownParts(screen.getByRole("group", { name: "Desde" }))).toEqual(["22", "00"]);
    expect(shownParts(screen.getByRole("group", { name: "Hasta" }))).toEqual(["7", "00"]);
    const at = within(screen.getByTestId("routine")).getByRole("group", { name: "A las" });
    expect(shownParts(at)).toEqual(["8", "30"]);
    await fillParts(at, { Hora: "20" });
    await waitFor(() => expect(reminders.routines[0]?.time).toBe("20:30:00"));
    await expectNoAxeViolations("reminder settings in Spanish");
  });

  it("explains when the reminders cannot be read", async () => {
    fakeBackend({ reminders_overview: () => fail("database") });
    render(ReminderSettings);
    expect(await screen.findByRole("alert")).toHaveTextContent("Alongside couldn't read or save your information.");
  });
});
