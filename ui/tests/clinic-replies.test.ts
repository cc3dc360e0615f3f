import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import type { ClinicStatus, OutboxItem, Programme, Session } from "../src/lib/bindings/types";
import { setLocale } from "../src/lib/i18n/index.svelte";
import SessionList from "../src/lib/clinic/SessionList.svelte";
import { expectNoAxeViolations } from "./a11y";
import { allAbilities, fakeBackend, signedOutStatus } from "./ipc";
import { FakeJournal } from "./journal-fake";

const day = 86_400_000;
const at = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();

const signedIn: ClinicStatus = {
  ...signedOutStatus,
  address: "https://fhir.clinic.example/r4",
  signedIn: true,
  lastSyncedAt: at(0),
  sessions: 2,
  can: allAbilities,
};

function sessions(): Session[] {
  return [
    { id: "a-past", startsAt: at(-7), endsAt: at(-6.9), title: "Anxiety skills group — week 2", cancelled: false, handEntered: false, videoLink: null },
    { id: "a-next", startsAt: at(6), endsAt: at(6.06), title: "Anxiety skills group — week 4", cancelled: false, handEntered: false, videoLink: "https://video.clinic.example/room" },
  ];
}

const anxiety: Programme = {
  group: "g1",
  name: "Anxiety skills group",
  theme: "anxiety",
  open: false,
  weeks: 8,
  enrolled: true,
  enrolment: { status: "active", start: at(-15), end: at(40) },
  starts: null,
  facilitators: [
    { name: "Dr Sam Rivera", role: "Facilitator" },
    { name: "Priya Natarajan", role: "Co-facilitator" },
  ],
  week: 3,
  partial: false,
  orientation: {
    questionnaire: "q1",
    title: "Orientation and confidentiality agreement",
    paragraphs: ["Welcome to the group.", "What others share stays in the group."],
    agree: "I have read this and agree to it",
    language: "en",
    agreed: "notYet",
  },
};

const grief: Programme = {
  ...anxiety,
  group: "g2",
  name: "Grief support group",
  theme: "grief",
  open: true,
  weeks: 6,
  enrolled: false,
  enrolment: null,
  starts: at(20),
  facilitators: [{ name: "Jordan Lee", role: null }],
  week: null,
  orientation: null,
  partial: false,
};

function item(overrides: Partial<OutboxItem>): OutboxItem {
  return {
    id: "o1",
    payload: { kind: "rsvp", appointment: "a-next", answer: "declined" },
    state: "waiting",
    tries: 0,
    reason: null,
    createdAt: at(0),
    sentAt: null,
    ...overrides,
  };
}

async function start(overrides: Parameters<typeof fakeBackend>[0] = {}) {
  const journal = new FakeJournal();
  journal.sessions = sessions();
  const calls = fakeBackend({ clinic_status: () => signedIn, programme_list: () => [anxiety, grief], ...overrides }, {}, journal);
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  await fireEvent.click(screen.getByTestId("nav-sessions"));
  return calls;
}

/** The Sessions screen with replies kept as the backend would keep them, and the clinic out of reach. */
async function startReplying() {
  let replied: OutboxItem[] = [];
  const calls = await start({
    session_reply: ({ answer, note }) => {
      replied = [item({ payload: { kind: "rsvp", appointment: "a-next", answer, ...(note ? { note } : {}) } })];
      return replied[0]!;
    },
    clinic_outbox: () => replied,
    clinic_send: () => {
      throw { code: "clinic_unreachable", message: "" };
    },
  });
  await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(2));
  return { calls, upcoming: screen.getByTestId("sessions-upcoming") };
}

describe("the programme", () => {
  it("shows the member's group with its week and facilitators, and an open group apart", async () => {
    await start();
    const mine = await screen.findByTestId("programme-item");
    expect(within(mine).getByTestId("programme-shape")).toHaveTextContent("Closed group · week 3 of 8 · ends");
    // "Facilitator" is what the line already says; a different role is named.
    expect(within(mine).getByTestId("programme-facilitators")).toHaveTextContent(
      /^Facilitators: Dr Sam Rivera, Priya Natarajan \(co-facilitator\)$/,
    );
    expect(within(mine).getByTestId("programme-theme")).toHaveTextContent(/^Theme: Anxiety$/);
    // Taking part is the ordinary case: the member reads when they joined, and nothing more.
    const joined = new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(new Date(anxiety.enrolment!.start!));
    expect(within(mine).getByTestId("programme-enrolment")).toHaveTextContent(new RegExp(`^You joined on ${joined}\\.$`));
    const open = screen.getByTestId("programme-available");
    expect(open).toHaveTextContent("Grief support group");
    expect(open).toHaveTextContent("Open group · 6 weeks · starts");
    expect(open).toHaveTextContent("Not enrolled");
    await expectNoAxeViolations("programme");
  });

  it("on a server that shares less, shows what it read and one plain sentence for each part it did not", async () => {
    // What a strict server leaves: the enrolment from the member's own record.
    const partial: Programme = {
      ...anxiety,
      group: "EpisodeOfCare/e1",
      name: "",
      theme: null,
      weeks: null,
      week: null,
      facilitators: [{ name: "Dr Sam Rivera", role: null }],
      orientation: null,
      partial: true,
    };
    await start({
      clinic_status: () => ({ ...signedIn, unshared: ["group", "orientation", "clinicPhone"] }),
      programme_list: () => [partial],
    });
    const mine = await screen.findByTestId("programme-item");
    expect(mine).toHaveTextContent("Your group");
    // Open or closed was not shared, so neither is claimed; the end date is the member's own.
    expect(within(mine).getByTestId("programme-shape")).toHaveTextContent(/^Ends /);
    expect(mine).not.toHaveTextContent(/Closed group|Open group/);
    expect(mine).not.toHaveTextContent("EpisodeOfCare");
    expect(within(mine).getByTestId("programme-facilitators")).toHaveTextContent("Facilitator: Dr Sam Rivera");
    const parts = screen.getAllByTestId("clinic-unshared-part").map((p) => p.textContent);
    expect(parts).toEqual([
      "Your clinic's server did not share your group's details with Alongside.",
      "Your clinic's server did not share your group's orientation with Alongside.",
      "Your clinic's server did not share its name and phone number with Alongside.",
    ]);
    expect(screen.getByTestId("clinic-unshared")).not.toHaveTextContent(/403|clinic_|error/i);
    await expectNoAxeViolations("programme, partly shared");
    setLocale("es");
    await waitFor(() =>
      expect(screen.getAllByTestId("clinic-unshared-part")[0]).toHaveTextContent(
        "El servidor de tu clínica no compartió los detalles de tu grupo con Alongside.",
      ),
    );
    expect(mine).toHaveTextContent("Tu grupo");
    setLocale("en");
  });

  it("says every clinic code in Spanish, and never shows one it has no words for", async () => {
    const onBreak: Programme = {
      ...anxiety,
      group: "g3",
      name: "Grupo de manejo del estrés",
      theme: "Stress",
      enrolment: { status: "onhold", start: at(-30), end: null },
      facilitators: [
        { name: "Dr Sam Rivera", role: "Facilitator" },
        { name: "Priya Natarajan", role: "Co-facilitator" },
        { name: "Ana López", role: "224535009" },
        { name: "Luis Ortega", role: "Voluntario de apoyo" },
      ],
      orientation: null,
    };
    const unknown: Programme = { ...grief, group: "g4", name: "Taller", theme: "sleep_hygiene_v2", facilitators: [] };
    await start({ programme_list: () => [anxiety, onBreak, grief, unknown] });
    const [first, second] = await screen.findAllByTestId("programme-item");
    setLocale("es");
    await waitFor(() => expect(within(first!).getByTestId("programme-theme")).toHaveTextContent(/^Tema: ansiedad$/));
    expect(within(first!).getByTestId("programme-facilitators")).toHaveTextContent(/^Facilitadores: Dr Sam Rivera, Priya Natarajan \(cofacilitador\)$/);
    const joined = new Intl.DateTimeFormat("es", { dateStyle: "medium" }).format(new Date(anxiety.enrolment!.start!));
    expect(within(first!).getByTestId("programme-enrolment")).toHaveTextContent(new RegExp(`^Te uniste el ${joined}\\.$`));
    expect(within(first!).getByTestId("programme-shape")).toHaveTextContent(/^Grupo cerrado · semana 3 de 8 · termina el /);
    // A status other than taking part, in its own sentence.
    expect(within(second!).getByTestId("programme-theme")).toHaveTextContent(/^Tema: estrés$/);
    expect(within(second!).getByTestId("programme-enrolment")).toHaveTextContent(/\. Por ahora te estás tomando un descanso de este grupo\.$/);
    // An unknown code is left out; the clinic's own words are shown, marked as the clinic's.
    const staff = within(second!).getByTestId("programme-facilitators");
    expect(staff).toHaveTextContent(/^Facilitadores: Dr Sam Rivera, Priya Natarajan \(cofacilitador\), Ana López, Luis Ortega \(Voluntario de apoyo\)$/);
    expect(within(staff).getByText("Voluntario de apoyo")).toHaveAttribute("data-clinic-words");
    const [griefItem, workshop] = screen.getAllByTestId("programme-available");
    expect(within(griefItem!).getByTestId("programme-theme")).toHaveTextContent(/^Tema: duelo$/);
    expect(within(workshop!).queryByTestId("programme-theme")).toBeNull();
    expect(workshop).not.toHaveTextContent("sleep");
    // Nothing of the app's own English, and no code, on the Spanish programme.
    const programmes = screen.getByTestId("programmes").cloneNode(true) as HTMLElement;
    programmes.querySelectorAll("[data-clinic-words], [lang='en']").forEach((el) => el.remove());
    expect(programmes.textContent).not.toMatch(/\b(Theme|Facilitator|week|taking part|enrolled|You)\b|224535009|sleep_hygiene/i);
    // The session list's week numbers are the app's to say.
    expect(screen.getByTestId("sessions-upcoming")).toHaveTextContent("Anxiety skills group — semana 4");
  });

  it("asks the member to read the orientation in full, then agree, and says it waits to be sent", async () => {
    let agreed = false;
    const calls = await start({
      orientation_agree: () => {
        agreed = true;
        return item({ payload: { kind: "agreement", questionnaire: "q1", canonical: "https://c/q", item: "agree" } });
      },
      programme_list: () => [{ ...anxiety, orientation: { ...anxiety.orientation!, agreed: agreed ? "waiting" : "notYet" } }],
    });
    const orientation = await screen.findByTestId("orientation");
    expect(within(orientation).getByTestId("orientation-text")).toHaveTextContent("What others share stays in the group.");
    const agree = within(orientation).getByTestId("orientation-agree") as HTMLButtonElement;
    expect(agree.disabled).toBe(true);
    await fireEvent.click(within(orientation).getByLabelText("I have read this and agree to it"));
    await fireEvent.click(agree);
    await waitFor(() => expect(screen.getByTestId("orientation-state")).toHaveTextContent("Agreed, waiting to be sent"));
    expect(calls.find((c) => c.cmd === "orientation_agree")?.args).toEqual({ group: "g1" });
    // Sent at once, without reading the rest again.
    expect(calls.some((c) => c.cmd === "clinic_send")).toBe(true);
    expect(calls.some((c) => c.cmd === "clinic_sync")).toBe(false);
    await expectNoAxeViolations("orientation agreed");
  });
});

describe("replies and the outbox", () => {
  it("replies to an upcoming session, shows it waiting, and offers none for one that has begun", async () => {
    const { calls, upcoming } = await startReplying();
    // One question, two answers: each an option that shows a tick when chosen.
    const choice = within(upcoming).getByRole("group", { name: /^Will you be there\?/ });
    const yes = within(choice).getByRole("button", { name: "I'll be there" });
    const no = within(choice).getByRole("button", { name: "I can't make it" });
    for (const answer of [yes, no]) {
      expect(answer).toHaveClass("option");
      expect(answer).toHaveAttribute("aria-pressed", "false");
    }
    await fireEvent.click(no);
    // Nothing is sent yet: first the chance of a note, then "I can't make it" is sent without one.
    expect(calls.some((c) => c.cmd === "session_reply")).toBe(false);
    await fireEvent.click(await within(upcoming).findByTestId("decline-send"));
    await waitFor(() => expect(within(upcoming).getByRole("button", { name: "I can't make it" })).toHaveAttribute("aria-pressed", "true"));
    expect(within(upcoming).getByRole("button", { name: "I'll be there" })).toHaveAttribute("aria-pressed", "false");
    expect(within(upcoming).getByTestId("session-reply-state")).toHaveTextContent("Waiting to be sent");
    expect(calls.find((c) => c.cmd === "session_reply")?.args).toEqual({ session: "a-next", answer: "declined", note: null });
    expect(within(screen.getByTestId("sessions-earlier")).queryByRole("button", { name: "I'll be there" })).toBeNull();
    const outbox = screen.getByTestId("outbox");
    expect(outbox).toHaveTextContent("Reply to Anxiety skills group — week 4: I can't make it");
    await expectNoAxeViolations("reply waiting");
  });

  it("sends a note with I can't make it exactly as the member sees it, and lets them change it", async () => {
    const { calls, upcoming } = await startReplying();
    await fireEvent.click(within(upcoming).getByRole("button", { name: "I can't make it" }));
    const field = await within(upcoming).findByLabelText("A note to the facilitators (optional)");
    expect(field).toHaveFocus();
    expect(field).toHaveAccessibleDescription(/not in real time\. If you need help now, use Need help now\./);
    expect(field).toHaveAttribute("maxlength", "500");
    await fireEvent.input(field, { target: { value: "  Working late this week.\nI'll read the handout.  " } });
    // What goes is shown as it goes: trimmed, line break kept.
    expect(within(upcoming).getByTestId("decline-preview").querySelector("blockquote")?.textContent).toBe(
      "Working late this week.\nI'll read the handout.",
    );
    await expectNoAxeViolations("note form");
    await fireEvent.click(within(upcoming).getByRole("button", { name: "Send “I can't make it” with this note" }));
    await waitFor(() => expect(within(upcoming).getByTestId("session-reply-note")).toHaveTextContent("Your note: “Working late this week."));
    expect(calls.find((c) => c.cmd === "session_reply")?.args).toEqual({
      session: "a-next",
      answer: "declined",
      note: "Working late this week.\nI'll read the handout.",
    });
    expect(screen.getByTestId("outbox-note")).toHaveTextContent("I'll read the handout.");

    // Opened again, the note is there to change; Escape leaves everything as it was.
    await fireEvent.click(within(upcoming).getByRole("button", { name: "I can't make it" }));
    const again = await within(upcoming).findByTestId("decline-note");
    expect(again).toHaveValue("Working late this week.\nI'll read the handout.");
    await fireEvent.keyDown(again, { key: "Escape" });
    expect(within(upcoming).queryByTestId("decline-form")).toBeNull();
    expect(within(upcoming).getByRole("button", { name: "I can't make it" })).toHaveFocus();
    expect(calls.filter((c) => c.cmd === "session_reply")).toHaveLength(1);
  });

  it("shows what the clinic refused with its reason, to try again or not send", async () => {
    let items = [item({ state: "refused", reason: "This session is full", tries: 1 })];
    const calls = await start({
      clinic_outbox: () => items,
      outbox_withdraw: ({ id }) => {
        items = [{ ...items[0]!, state: "withdrawn" }];
        return { ...items[0]!, id };
      },
    });
    const refused = await screen.findByTestId("outbox-refused");
    expect(refused).toHaveTextContent("Your clinic didn't accept this: “This session is full”");
    expect(screen.getByTestId("outbox-retry")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("outbox-withdraw"));
    await waitFor(() => expect(screen.getByTestId("outbox-empty")).toBeTruthy());
    expect(calls.find((c) => c.cmd === "outbox_withdraw")?.args).toEqual({ id: "o1" });
  });

  it("offers no replies the sign-in does not allow, and asks older sign-ins once to sign in again", async () => {
    const calls = await start({
      clinic_status: () => ({ ...signedIn, can: { ...allAbilities, rsvp: false }, askWiderSignIn: true }),
      clinic_decline_wider_sign_in: () => ({ ...signedIn, can: { ...allAbilities, rsvp: false } }),
    });
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(2));
    expect(screen.queryByRole("button", { name: "I can't make it" })).toBeNull();
    expect(await screen.findByTestId("clinic-wider")).toHaveTextContent("Sign in again so Alongside can read and send everything");
    await fireEvent.click(screen.getByTestId("clinic-wider-not-now"));
    await waitFor(() => expect(screen.queryByTestId("clinic-wider")).toBeNull());
    expect(screen.getByTestId("clinic-limited")).toBeTruthy();
    expect(calls.some((c) => c.cmd === "clinic_decline_wider_sign_in")).toBe(true);
  });
});

describe("disconnecting and the sign-in ending", () => {
  it("asks whether to delete what is kept, and does what was chosen", async () => {
    const calls = await start({ clinic_sign_out: () => ({ ...signedIn, signedIn: false }) });
    await fireEvent.click(await screen.findByTestId("clinic-sign-out"));
    const choice = screen.getByTestId("clinic-sign-out-choice");
    expect(within(choice).getByTestId("clinic-keep")).toBeChecked();
    await fireEvent.click(within(choice).getByTestId("clinic-forget"));
    await expectNoAxeViolations("sign-out choice");
    await fireEvent.click(within(choice).getByTestId("clinic-sign-out-confirm"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "clinic_sign_out")?.args).toEqual({ forget: true }));
    expect(await screen.findByTestId("clinic-progress")).toHaveTextContent("deleted from this computer");
  });

  it("says on every other screen that the sign-in ended, and signs in again from there", async () => {
    const expired = { ...signedIn, signedIn: false, expired: true };
    const calls = fakeBackend({ clinic_status: () => expired, clinic_sign_in: () => signedIn });
    render(App);
    const banner = await screen.findByTestId("clinic-banner");
    expect(banner).toHaveTextContent("Your clinic sign-in has ended");
    await expectNoAxeViolations("expired banner");
    setLocale("es");
    await waitFor(() => expect(banner).toHaveTextContent("Tu sesión con la clínica terminó"));
    setLocale("en");
    await fireEvent.click(screen.getByTestId("clinic-banner-again"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "clinic_sign_in")?.args).toEqual({ address: "https://fhir.clinic.example/r4" }));
    await waitFor(() => expect(screen.queryByTestId("clinic-banner")).toBeNull());
  });
});

describe("Join on the Sessions screen", () => {
  it("is offered on the next session only, not on every row", async () => {
    const start = Date.parse("2026-12-08T23:00:00Z");
    const week = 7 * 86_400_000;
    const series: Session[] = [0, 1, 2].map((n) => ({
      id: `w${n}`,
      startsAt: new Date(start + n * week).toISOString(),
      endsAt: new Date(start + n * week + 90 * 60_000).toISOString(),
      title: `Anxiety skills group — week ${n + 4}`,
      cancelled: false,
      handEntered: false,
      videoLink: "https://video.clinic.example/room",
    }));
    fakeBackend();
    // A day before: the next session's Join waits for its time; the others have none.
    const { unmount } = render(SessionList, { sessions: series, now: () => new Date(start - 86_400_000) });
    const joins = screen.getAllByTestId("session-join");
    expect(joins).toHaveLength(1);
    expect(joins[0]!.closest("[data-session]")).toHaveAttribute("data-session", "w0");
    expect(joins[0]).toBeDisabled();
    unmount();
    // Once the first has ended, the second is next.
    render(SessionList, { sessions: series, now: () => new Date(start + 2 * 3_600_000) });
    expect(screen.getAllByTestId("session-join").map((b) => b.closest("[data-session]")?.getAttribute("data-session"))).toEqual(["w1"]);
  });

  it("opens from ten minutes before the start until the end", async () => {
    const start = Date.parse("2026-12-08T23:00:00Z");
    const session: Session = {
      id: "s1",
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 90 * 60_000).toISOString(),
      title: "Anxiety skills group — week 4",
      cancelled: false,
      handEntered: false,
      videoLink: "https://video.clinic.example/room",
    };
    fakeBackend();
    for (const [minutes, enabled] of [
      [-11, false],
      [-9, true],
      [80, true],
    ] as const) {
      const { unmount } = render(SessionList, { sessions: [session], now: () => new Date(start + minutes * 60_000) });
      const join = screen.getByTestId("session-join") as HTMLButtonElement;
      expect(join.disabled).toBe(!enabled);
      // Primary only when it can be used; until then a quiet secondary button, as on Today.
      expect(join.classList.contains("primary")).toBe(enabled);
      expect(join.classList.contains("secondary")).toBe(!enabled);
      unmount();
    }
    render(SessionList, { sessions: [session], now: () => new Date(start + 91 * 60_000) });
    expect(screen.queryByTestId("session-join")).toBeNull();
    render(SessionList, { sessions: [{ ...session, id: "s2", cancelled: true }], now: () => new Date(start) });
    expect(screen.queryAllByTestId("session-join")).toHaveLength(0);
  });
});
