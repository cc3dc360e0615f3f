import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { describe, expect, it } from "vitest";
import type { Series } from "../src/lib/bindings/types";
import App from "../src/App.svelte";
import { setLocale } from "../src/lib/i18n/index.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fail, fakeBackend, type Call } from "./ipc";
import { FakeJournal } from "./journal-fake";
import { FakeReminders } from "./reminders-fake";
import { fillParts, shownParts } from "./field-parts";

function argsOf(calls: Call[], cmd: string): unknown[] {
  return calls.filter((call) => call.cmd === cmd).map((call) => call.args);
}

const tuesdays: Series = {
  id: "s1",
  title: "Tuesday group",
  firstDate: "2026-03-03",
  time: "18:00:00",
  zone: "America/New_York",
  weeks: 8,
  videoLink: "https://meet.example/tuesday",
  skipped: ["2026-03-17"],
  allowedInQuietHours: false,
};

const fridays: Series = { ...tuesdays, id: "s2", title: "Friday check-in", firstDate: "2026-03-06", weeks: null, videoLink: null, skipped: [] };

async function start(series: Series[] = [], overrides: Parameters<typeof fakeBackend>[0] = {}) {
  const reminders = new FakeReminders();
  reminders.series = structuredClone(series);
  const calls = fakeBackend(overrides, {}, new FakeJournal(), reminders);
  // Inside the app, so the page has its landmarks for axe.
  window.location.hash = "#/sessions";
  render(App);
  // The Sessions screen is fetched when first visited.
  await screen.findByRole("button", { name: "Add a session" }, { timeout: 10000 });
  return { calls, reminders };
}


function item(title: string): HTMLElement {
  const found = screen.getAllByTestId("hand-item").find((li) => li.textContent?.includes(title));
  if (!found) throw new Error(`no series called ${title}`);
  return found;
}

describe("Sessions you added", () => {
  it("lists each series in plain words, even with no clinic connected, and marks its sessions", async () => {
    await start([tuesdays, fridays]);
    expect(screen.getByTestId("clinic-card")).toHaveTextContent("Sign in with the account your clinic gave you");
    const tuesday = item("Tuesday group");
    expect(tuesday).toHaveTextContent("Every Tuesday at 6:00 PM, Eastern Time (New York)");
    expect(tuesday).toHaveTextContent("8 weeks, starting Mar 3, 2026");
    expect(within(tuesday).getByTestId("hand-video")).toHaveTextContent("Has a video link");
    const friday = item("Friday check-in");
    expect(friday).toHaveTextContent("Every Friday at 6:00 PM, Eastern Time (New York)");
    expect(friday).toHaveTextContent("Every week, starting Mar 6, 2026");
    expect(within(friday).queryByTestId("hand-video")).not.toBeInTheDocument();
    expect(within(tuesday).getByRole("button", { name: "Edit" })).toHaveAccessibleDescription("Tuesday group");

    await waitFor(() => expect(screen.getAllByTestId("session-hand").length).toBeGreaterThan(0));
    expect(screen.getAllByTestId("session-hand")[0]).toHaveTextContent("Added by you");
    await expectNoAxeViolations("sessions you added");
  });

  it("adds a session, with the member's zone filled in, and lists it and its sessions", async () => {
    const { calls } = await start();
    expect(screen.getByTestId("hand-none")).toHaveTextContent("You haven't added any sessions yet.");
    await fireEvent.click(screen.getByRole("button", { name: "Add a session" }));
    const form = await screen.findByTestId("series-form");
    const title = within(form).getByLabelText("Session name");
    await waitFor(() => expect(title).toHaveFocus());
    const zone = within(form).getByLabelText("Time zone");
    expect(zone).toHaveValue(Intl.DateTimeFormat().resolvedOptions().timeZone);
    // Zones by the names a member reads, never the codes.
    expect(zone.querySelectorAll("option").length).toBeGreaterThan(100);
    expect(within(zone).getByRole("option", { name: "Eastern Time (New York)" })).toHaveValue("America/New_York");
    expect(zone).not.toHaveTextContent(/America\/|Europe\//);
    await expectNoAxeViolations("series form");

    await fireEvent.input(title, { target: { value: "  Wednesday skills group " } });
    await fillParts(within(form).getByRole("group", { name: "Date of the first session" }), { Month: "4", Day: "8", Year: "2026" });
    await fillParts(within(form).getByRole("group", { name: "Start time" }), { Hour: "7", Minutes: "30", "AM or PM": "pm" });
    await fireEvent.change(within(form).getByLabelText("Time zone"), { target: { value: "Europe/Madrid" } });
    await fireEvent.input(within(form).getByLabelText("Number of weeks"), { target: { value: "10" } });
    await fireEvent.input(within(form).getByLabelText("Video link (optional)"), { target: { value: "https://meet.example/wed" } });
    const skip = within(form).getByRole("group", { name: "Dates with no session" });
    await fillParts(skip, { Month: "4", Day: "22", Year: "2026" });
    await fireEvent.click(within(skip).getByRole("button", { name: "Add date" }));
    expect(shownParts(skip)).toEqual(["", "", ""]);
    expect(within(skip).getByLabelText("Month")).toHaveFocus();
    await fillParts(skip, { Month: "4", Day: "15", Year: "2026" });
    await fireEvent.keyDown(within(skip).getByLabelText("Year"), { key: "Enter" });
    expect(within(form).getByTestId("series-skipped")).toHaveTextContent(/Apr 15, 2026.*Apr 22, 2026/);
    await fireEvent.click(within(form).getByRole("button", { name: "Remove Apr 22, 2026" }));
    expect(within(skip).getByLabelText("Month")).toHaveFocus();
    await fireEvent.click(within(form).getByLabelText("Reminders for this session may come during quiet hours"));
    await fireEvent.click(within(form).getByRole("button", { name: "Save session" }));

    await waitFor(() => expect(screen.queryByTestId("series-form")).not.toBeInTheDocument());
    expect(argsOf(calls, "reminders_save_series")).toEqual([
      {
        id: null,
        draft: {
          title: "Wednesday skills group",
          firstDate: "2026-04-08",
          time: "19:30:00",
          zone: "Europe/Madrid",
          weeks: 10,
          videoLink: "https://meet.example/wed",
          skipped: ["2026-04-15"],
          allowedInQuietHours: true,
        },
      },
    ]);
    expect(item("Wednesday skills group")).toHaveTextContent("Every Wednesday at 7:30 PM, Central European Time (Madrid)");
    expect(screen.getByTestId("hand-notice")).toHaveTextContent("“Wednesday skills group” is saved.");
    expect(screen.getByRole("button", { name: "Add a session" })).toHaveFocus();
    // The list of sessions is read again and shows the new ones as the member's own.
    await waitFor(() => expect(screen.getAllByTestId("session-hand")).toHaveLength(4));
  });

  it("saves an open-ended series with no number of weeks", async () => {
    const { calls } = await start();
    await fireEvent.click(screen.getByRole("button", { name: "Add a session" }));
    const form = await screen.findByTestId("series-form");
    await fireEvent.input(within(form).getByLabelText("Session name"), { target: { value: "Open group" } });
    await fireEvent.click(within(form).getByLabelText("Open-ended: it goes on every week"));
    expect(within(form).getByLabelText("Number of weeks")).toBeDisabled();
    await fireEvent.click(within(form).getByRole("button", { name: "Save session" }));
    await waitFor(() => expect(argsOf(calls, "reminders_save_series")).toHaveLength(1));
    expect(argsOf(calls, "reminders_save_series")[0]).toMatchObject({ draft: { weeks: null, videoLink: null, skipped: [] } });
  });

  it("says what is missing beside the field, before asking the backend", async () => {
    const { calls } = await start();
    await fireEvent.click(screen.getByRole("button", { name: "Add a session" }));
    const form = await screen.findByTestId("series-form");
    await fireEvent.input(within(form).getByLabelText("Number of weeks"), { target: { value: "0" } });
    await fireEvent.click(within(form).getByRole("button", { name: "Save session" }));
    expect(await within(form).findByTestId("series-title-error")).toHaveTextContent("Give the session a title");
    expect(within(form).getByTestId("series-weeks-error")).toHaveTextContent("from 1 to 520 weeks");
    expect(within(form).getByLabelText("Session name")).toHaveFocus();
    expect(within(form).getByLabelText("Session name")).toHaveAccessibleDescription(/Give the session a title/);
    expect(argsOf(calls, "reminders_save_series")).toEqual([]);
    await expectNoAxeViolations("series form with errors");
  });

  it("says what a half-typed date or time is missing, in the field, and neither saves nor adds it", async () => {
    const { calls } = await start();
    await fireEvent.click(screen.getByRole("button", { name: "Add a session" }));
    const form = await screen.findByTestId("series-form");
    await fireEvent.input(within(form).getByLabelText("Session name"), { target: { value: "Group" } });
    const firstDate = within(form).getByRole("group", { name: "Date of the first session" });
    const time = within(form).getByRole("group", { name: "Start time" });
    await fillParts(firstDate, { Day: "31", Month: "2" });
    await fillParts(time, { Hour: "13" });
    await fireEvent.click(within(form).getByRole("button", { name: "Save session" }));

    expect(await within(firstDate).findByRole("alert")).toHaveTextContent("That date doesn't exist. Check the day and the month.");
    expect(within(time).getByRole("alert")).toHaveTextContent("Hours go from 1 to 12 and minutes from 0 to 59.");
    await waitFor(() => expect(within(firstDate).getByLabelText("Month")).toHaveFocus());
    expect(within(firstDate).getByLabelText("Day")).toHaveAttribute("aria-invalid", "true");
    expect(within(firstDate).getByLabelText("Year")).toHaveAttribute("aria-invalid", "false");
    // One message per problem: the form adds none of its own for these.
    expect(within(form).queryByTestId("series-firstDate-error")).not.toBeInTheDocument();
    expect(within(form).queryByTestId("series-time-error")).not.toBeInTheDocument();
    expect(within(form).getByTestId("series-time-problem")).toBeInTheDocument();
    await expectNoAxeViolations("series form with a half-typed date");

    const skip = within(form).getByRole("group", { name: "Dates with no session" });
    await fillParts(skip, { Month: "4", Day: "15" });
    await fireEvent.keyDown(within(skip).getByLabelText("Day"), { key: "Enter" });
    expect(within(skip).getByRole("alert")).toHaveTextContent("Write the day, month and year as numbers.");
    await waitFor(() => expect(within(skip).getByLabelText("Year")).toHaveFocus());
    expect(within(form).queryByTestId("series-skipped")).not.toBeInTheDocument();
    expect(argsOf(calls, "reminders_save_series")).toEqual([]);
  });

  it("shows the backend's answer beside the field it is about", async () => {
    await start([], { reminders_save_series: ({ draft }) => fail(draft.videoLink ? "invalid_link" : "zone_unknown") });
    await fireEvent.click(screen.getByRole("button", { name: "Add a session" }));
    const form = await screen.findByTestId("series-form");
    await fireEvent.input(within(form).getByLabelText("Session name"), { target: { value: "Group" } });
    await fireEvent.click(within(form).getByRole("button", { name: "Save session" }));
    expect(await within(form).findByTestId("series-zone-error")).toHaveTextContent("That time zone is not one we know.");
    const zone = within(form).getByLabelText("Time zone");
    expect(zone).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(zone).toHaveFocus());

    await fireEvent.input(within(form).getByLabelText("Video link (optional)"), { target: { value: "meet" } });
    await fireEvent.click(within(form).getByRole("button", { name: "Save session" }));
    expect(await within(form).findByTestId("series-videoLink-error")).toHaveTextContent("That link can't be opened.");
    expect(within(form).queryByTestId("series-zone-error")).not.toBeInTheDocument();
  });

  it("shows an error that belongs to no field under the form", async () => {
    await start([], { reminders_save_series: () => fail("database") });
    await fireEvent.click(screen.getByRole("button", { name: "Add a session" }));
    const form = await screen.findByTestId("series-form");
    await fireEvent.input(within(form).getByLabelText("Session name"), { target: { value: "Group" } });
    await fireEvent.click(within(form).getByRole("button", { name: "Save session" }));
    expect(await within(form).findByTestId("series-error")).toHaveTextContent("couldn't read or save your information");
    expect(within(form).getByTestId("series-error")).toHaveAttribute("role", "alert");
  });

  it("cancels with Escape and goes back to the button that opened the form", async () => {
    const { calls } = await start([tuesdays]);
    await fireEvent.click(screen.getByRole("button", { name: "Add a session" }));
    await fireEvent.keyDown(within(await screen.findByTestId("series-form")).getByLabelText("Session name"), { key: "Escape" });
    expect(screen.queryByTestId("series-form")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Add a session" })).toHaveFocus());

    await fireEvent.click(within(item("Tuesday group")).getByRole("button", { name: "Edit" }));
    await fireEvent.click(within(await screen.findByTestId("series-form")).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(within(item("Tuesday group")).getByRole("button", { name: "Edit" })).toHaveFocus());
    expect(argsOf(calls, "reminders_save_series")).toEqual([]);
  });

  it("edits a series under the same id, starting from what was saved", async () => {
    const { calls } = await start([tuesdays]);
    await fireEvent.click(within(item("Tuesday group")).getByRole("button", { name: "Edit" }));
    const form = await screen.findByTestId("series-form");
    expect(within(form).getByRole("heading", { name: "Change this session" })).toBeInTheDocument();
    expect(within(form).getByLabelText("Session name")).toHaveValue("Tuesday group");
    expect(shownParts(within(form).getByRole("group", { name: "Date of the first session" }))).toEqual(["3", "3", "2026"]);
    expect(shownParts(within(form).getByRole("group", { name: "Start time" }))).toEqual(["6", "00", "pm"]);
    expect(within(form).getByLabelText("Number of weeks")).toHaveValue(8);
    expect(within(form).getByTestId("series-skipped")).toHaveTextContent("Mar 17, 2026");
    await fireEvent.input(within(form).getByLabelText("Session name"), { target: { value: "Tuesday evening group" } });
    await fireEvent.click(within(form).getByRole("button", { name: "Save session" }));
    await waitFor(() => expect(screen.queryByTestId("series-form")).not.toBeInTheDocument());
    const { id, ...draft } = tuesdays;
    expect(argsOf(calls, "reminders_save_series")).toEqual([{ id, draft: { ...draft, title: "Tuesday evening group" } }]);
    expect(screen.getAllByTestId("hand-item")).toHaveLength(1);
    await waitFor(() => expect(within(item("Tuesday evening group")).getByRole("button", { name: "Edit" })).toHaveFocus());
  });

  it("writes dates day first and times on the 24-hour clock in Spanish, at once, without changing them", async () => {
    const { calls } = await start([{ ...tuesdays, firstDate: "2026-03-10" }]);
    await fireEvent.click(within(item("Tuesday group")).getByRole("button", { name: "Edit" }));
    const form = await screen.findByTestId("series-form");
    expect(shownParts(within(form).getByRole("group", { name: "Date of the first session" }))).toEqual(["3", "10", "2026"]);

    setLocale("es");
    await tick();
    const firstDate = within(form).getByRole("group", { name: "Fecha de la primera sesión" });
    expect([...firstDate.querySelectorAll("label")].map((label) => label.textContent)).toEqual(["Día", "Mes", "Año"]);
    expect(shownParts(firstDate)).toEqual(["10", "3", "2026"]);
    expect(firstDate).toHaveAccessibleDescription(/Por ejemplo, 27 3 2027/);
    const time = within(form).getByRole("group", { name: "Hora de inicio" });
    expect(shownParts(time)).toEqual(["18", "00"]);
    expect(within(time).queryByRole("combobox")).not.toBeInTheDocument();

    await fireEvent.click(within(form).getByRole("button", { name: "Guardar la sesión" }));
    await waitFor(() => expect(argsOf(calls, "reminders_save_series")).toHaveLength(1));
    expect(argsOf(calls, "reminders_save_series")[0]).toMatchObject({ draft: { firstDate: "2026-03-10", time: "18:00:00" } });
  });

  it("removes a series and can undo it, bringing back the same one", async () => {
    const { calls, reminders } = await start([tuesdays, fridays]);
    await fireEvent.click(within(item("Tuesday group")).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(screen.getAllByTestId("hand-item")).toHaveLength(1));
    expect(argsOf(calls, "reminders_remove_series")).toEqual([{ id: "s1" }]);
    expect(screen.getByRole("heading", { name: "Sessions you added" })).toHaveFocus();
    expect(screen.getByTestId("undo-toast")).toHaveTextContent("“Tuesday group” removed.");
    await expectNoAxeViolations("series removed");

    await fireEvent.click(screen.getByTestId("undo"));
    await waitFor(() => expect(screen.getAllByTestId("hand-item")).toHaveLength(2));
    const { id, ...draft } = tuesdays;
    expect(argsOf(calls, "reminders_save_series")).toEqual([{ id, draft }]);
    expect(reminders.series.map((s) => s.id).sort()).toEqual(["s1", "s2"]);
    expect(screen.getByTestId("hand-notice")).toHaveTextContent("“Tuesday group” is back.");
  });

  it("says why a series could not be removed, beside it", async () => {
    await start([tuesdays], { reminders_remove_series: () => fail("database") });
    await fireEvent.click(within(item("Tuesday group")).getByRole("button", { name: "Remove" }));
    expect(await within(item("Tuesday group")).findByTestId("hand-item-error")).toHaveTextContent("couldn't read or save");
  });
});
