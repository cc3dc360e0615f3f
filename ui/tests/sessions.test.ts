import { emit } from "@tauri-apps/api/event";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import type { ClinicStatus, LedgerAction, LedgerEntry, Session } from "../src/lib/bindings/types";
import { hasKey, setLocale } from "../src/lib/i18n/index.svelte";
import Ledger from "../src/lib/clinic/Ledger.svelte";
import { ledgerWords } from "../src/lib/clinic/ledger";
import { expectNoAxeViolations } from "./a11y";
import { allAbilities, fail, fakeBackend } from "./ipc";
import { FakeJournal } from "./journal-fake";

const day = 86_400_000;
const at = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();

function programme(): Session[] {
  return [1, 2, 3, 4].map((week) => ({
    id: `appt-${week}`,
    startsAt: at((week - 3) * 7 - 0.5),
    endsAt: at((week - 3) * 7 - 0.45),
    title: `Anxiety skills group — week ${week}`,
    cancelled: week === 4,
    handEntered: false,
    videoLink: null,
  }));
}

const signedIn: ClinicStatus = {
  address: "https://fhir.clinic.example/r4",
  signedIn: true,
  expired: false,
  lastSyncedAt: at(0),
  sessions: 4,
  contact: null,
  can: allAbilities,
  askWiderSignIn: false,
  unshared: [],
  outboxWaiting: 0,
};

async function start(overrides: Parameters<typeof fakeBackend>[0] = {}, journal = new FakeJournal()) {
  const calls = fakeBackend(overrides, {}, journal);
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  return calls;
}

describe("Sessions", () => {
  it("signs in through the browser, shows progress, then lists the sessions", async () => {
    const journal = new FakeJournal();
    let finish: (status: ClinicStatus) => void = () => {};
    const calls = await start(
      {
        clinic_sign_in: () =>
          new Promise<ClinicStatus>((resolve) => {
            finish = resolve;
          }),
      },
      journal,
    );
    await fireEvent.click(screen.getByTestId("nav-sessions"));
    const address = await screen.findByLabelText("Clinic address");
    await fireEvent.input(address, { target: { value: "https://fhir.clinic.example/r4" } });
    await fireEvent.click(screen.getByTestId("clinic-sign-in"));
    expect(await screen.findByText(/Finish signing in in your browser/)).toBeTruthy();
    expect(calls.find((c) => c.cmd === "clinic_sign_in")?.args).toEqual({ address: "https://fhir.clinic.example/r4" });
    await expectNoAxeViolations("sessions, waiting");

    journal.sessions = programme();
    finish(signedIn);
    // The host only: the full address is a machine's, behind Technical details.
    expect(await screen.findByTestId("clinic-connected")).toHaveProperty("textContent", "Connected to fhir.clinic.example");
    const technical = screen.getByTestId("clinic-technical");
    expect(technical).not.toHaveAttribute("open");
    expect(technical).toHaveTextContent("Clinic address: https://fhir.clinic.example/r4");
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(4));
    expect(screen.getByTestId("sessions-upcoming").textContent).toContain("week 4");
    expect(screen.getByTestId("sessions-earlier").textContent).toContain("week 1");
    expect(screen.getByTestId("session-cancelled").textContent).toBe("Cancelled");
    await expectNoAxeViolations("sessions, listed");
  });

  it("lists what a background update brought in while the screen is open", async () => {
    const journal = new FakeJournal();
    await start({ clinic_status: () => signedIn }, journal);
    await fireEvent.click(screen.getByTestId("nav-sessions"));
    expect(await screen.findByTestId("sessions-none")).toBeInTheDocument();
    journal.sessions = programme();
    await emit("sessions-updated");
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(4));
  });

  it("can call off a sign-in, and says nothing went wrong", async () => {
    let reject: (error: unknown) => void = () => {};
    const calls = await start({
      clinic_sign_in: () => new Promise((_, no) => (reject = no)),
      clinic_cancel_sign_in: () => {
        reject({ code: "sign_in_cancelled", message: "" });
        return null;
      },
    });
    await fireEvent.click(screen.getByTestId("nav-sessions"));
    await fireEvent.input(await screen.findByLabelText("Clinic address"), { target: { value: "https://c.example/r4" } });
    await fireEvent.click(screen.getByTestId("clinic-sign-in"));
    await fireEvent.click(await screen.findByTestId("clinic-cancel"));
    await waitFor(() => expect(screen.queryByTestId("clinic-cancel")).toBeNull());
    expect(calls.some((c) => c.cmd === "clinic_cancel_sign_in")).toBe(true);
    expect(screen.queryByTestId("clinic-error")).toBeNull();
    expect((screen.getByTestId("clinic-sign-in") as HTMLButtonElement).disabled).toBe(false);
  });

  it("explains a failed sign-in in the member's words", async () => {
    await start({ clinic_sign_in: () => fail("clinic_no_sign_in") });
    await fireEvent.click(screen.getByTestId("nav-sessions"));
    await fireEvent.input(await screen.findByLabelText("Clinic address"), { target: { value: "https://c.example/r4" } });
    await fireEvent.click(screen.getByTestId("clinic-sign-in"));
    expect((await screen.findByTestId("clinic-error")).textContent).toMatch(/doesn't offer sign-in for apps like Alongside/);
  });

  it("shows a sign-in that worked even when its first update failed", async () => {
    let signedInNow = false;
    await start({
      clinic_sign_in: () => {
        signedInNow = true;
        fail("clinic_error");
      },
      clinic_status: () => (signedInNow ? { ...signedIn, lastSyncedAt: null } : { ...signedIn, signedIn: false }),
    });
    await fireEvent.click(screen.getByTestId("nav-sessions"));
    await fireEvent.click(await screen.findByTestId("clinic-sign-in"));
    expect((await screen.findByTestId("clinic-error")).textContent).toMatch(/had a problem answering/);
    expect((await screen.findByTestId("clinic-connected")).textContent).toContain("fhir.clinic.example");
    expect(screen.getByTestId("clinic-last-sync").textContent).toBe("Not updated yet");
  });

  it("says plainly when the clinic ended the sign-in, keeps the sessions, and signs in again in one click", async () => {
    const journal = new FakeJournal();
    journal.sessions = programme();
    const calls = await start({ clinic_status: () => ({ ...signedIn, signedIn: false, expired: true }), clinic_sign_in: () => signedIn }, journal);
    await fireEvent.click(screen.getByTestId("nav-sessions"));
    const banner = await screen.findByTestId("clinic-expired");
    expect(banner).toHaveTextContent("Your clinic sign-in has ended");
    expect(banner).toHaveTextContent("everything else stay on this computer");
    expect(screen.queryByTestId("clinic-address")).toBeNull();
    expect(screen.getAllByTestId("session-item").length).toBeGreaterThan(0);
    await expectNoAxeViolations("sessions, sign-in ended");
    await fireEvent.click(screen.getByTestId("clinic-sign-in-again"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "clinic_sign_in")?.args).toEqual({ address: "https://fhir.clinic.example/r4" }));
    expect(await screen.findByTestId("clinic-connected")).toBeTruthy();
  });

  it("names the clinic by the name it gave, in both languages", async () => {
    await start({ clinic_status: () => ({ ...signedIn, contact: { name: "Riverside Clinic", phone: null, country: null } }) });
    await fireEvent.click(screen.getByTestId("nav-sessions"));
    const connected = await screen.findByTestId("clinic-connected");
    expect(connected).toHaveTextContent(/^Connected to Riverside Clinic$/);
    // The clinic's own name, so not taken for English on a Spanish screen.
    expect(within(connected).getByText("Riverside Clinic")).toHaveAttribute("data-clinic-words");
    setLocale("es");
    await waitFor(() => expect(connected).toHaveTextContent(/^Conectado a Riverside Clinic$/));
  });

  it("updates on request and shows when it last did", async () => {
    const journal = new FakeJournal();
    journal.sessions = programme();
    const calls = await start({ clinic_status: () => signedIn, clinic_sync: () => fail("clinic_busy") }, journal);
    await fireEvent.click(screen.getByTestId("nav-sessions"));
    expect((await screen.findByTestId("clinic-last-sync")).textContent).toMatch(/^Last updated /);
    await fireEvent.click(screen.getByTestId("clinic-sync"));
    expect((await screen.findByTestId("clinic-error")).textContent).toMatch(/busy right now/);
    expect(calls.filter((c) => c.cmd === "clinic_sync")).toHaveLength(1);
  });
});

// What a member must never read outside Technical details: a code, an address, a request.
const TECHNICAL = [
  /\b[a-z]+[A-Z][A-Za-z]+\b/, // readClinic, participantStatus
  /\b(in-progress|completed|accepted|declined|phq-9|gad-7|true)\b/, // the values a send carries
  /https?:\/\//,
  /\b(GET|POST|PUT)\b/,
  /\b[A-Z][A-Za-z]+\/[\w-]+/, // Appointment/a-next
  /[?&][a-z_:]+=/,
];

/** What a ledger row says with its Technical details left out. */
function outsideTechnical(row: HTMLElement): string {
  const copy = row.cloneNode(true) as HTMLElement;
  copy.querySelector("[data-testid='ledger-technical']")?.remove();
  return copy.textContent ?? "";
}

/** Every action the contract declares, read from the generated bindings. */
function ledgerActions(): LedgerAction[] {
  const types = readFileSync(join(__dirname, "../src/lib/bindings/types.ts"), "utf8");
  const union = /export type LedgerAction = ([^;]+);/.exec(types)?.[1] ?? "";
  return [...union.matchAll(/"(\w+)"/g)].map((m) => m[1] as LedgerAction);
}

const clinic = "https://c.example/r4";

/** One row of each action, as the backend records them. */
function everyAction(): LedgerEntry[] {
  const row = (action: LedgerAction, method: string, url: string, fields: LedgerEntry["fields"] = []): LedgerEntry => ({
    at: at(-0.1),
    action,
    method,
    url,
    outcome: null,
    fields,
  });
  const byAction: Record<LedgerAction, LedgerEntry> = {
    discover: row("discover", "GET", `${clinic}/.well-known/smart-configuration`),
    openSignInPage: row("openSignInPage", "GET", "https://auth.c.example/authorize?client_id=alongside&scope=launch%2Fpatient"),
    signIn: row("signIn", "POST", "https://auth.c.example/token"),
    renewSignIn: row("renewSignIn", "POST", "https://auth.c.example/token"),
    readSessions: row("readSessions", "GET", `${clinic}/Appointment?patient=Patient%2F7&_count=100`),
    readClinic: row("readClinic", "GET", `${clinic}/Patient?_id=7&_include=Patient:general-practitioner`),
    readHomework: row("readHomework", "GET", `${clinic}/Task?patient=Patient%2F7`),
    readProgramme: row("readProgramme", "GET", `${clinic}/EpisodeOfCare?patient=Patient%2F7`),
    readAll: row("readAll", "POST", `${clinic}/`, [
      { name: "readSessions", value: "GET Appointment?patient=Patient%2F7" },
      { name: "readClinic", value: "GET Patient?_id=7" },
      { name: "readProgramme", value: "GET Group?actual=false", outcome: "clinic_not_shared" },
    ]),
    sendReply: row("sendReply", "POST", `${clinic}/AppointmentResponse`, [
      { name: "appointment", value: "Appointment/appt-4" },
      { name: "participantStatus", value: "declined" },
    ]),
    sendAgreement: row("sendAgreement", "POST", `${clinic}/QuestionnaireResponse`, [
      { name: "questionnaire", value: "https://clinic.example/Questionnaire/orientation|1" },
      { name: "answer", value: "true" },
    ]),
    sendHomework: row("sendHomework", "PUT", `${clinic}/Task/t-1`, [
      { name: "task", value: "Task/t-1" },
      { name: "status", value: "in-progress" },
    ]),
    sendSelfCheck: row("sendSelfCheck", "POST", `${clinic}/QuestionnaireResponse`, [
      { name: "questionnaire", value: "phq-9" },
      { name: "answers", value: "1, 0, 2, 1, 0, 0, 1, 0, 0" },
      { name: "total", value: "5" },
      { name: "authored", value: "2026-12-01T09:30:00Z" },
    ]),
    findSent: row("findSent", "GET", `${clinic}/AppointmentResponse?identifier=urn%3Aalongside%7Co1`),
  };
  return Object.values(byAction);
}

async function openLedger(): Promise<HTMLElement[]> {
  const ledger = await screen.findByTestId("clinic-ledger");
  ledger.setAttribute("open", "");
  await fireEvent(ledger, new Event("toggle"));
  await waitFor(() => expect(screen.getAllByTestId("ledger-item").length).toBeGreaterThan(0));
  return screen.getAllByTestId("ledger-item");
}

describe("The sync ledger", () => {
  it("lists every request to the clinic in plain words, failures too", async () => {
    await start({
      clinic_ledger: () => [
        { at: at(0.01), action: "readSessions", method: "GET", url: `${clinic}/Appointment?patient=Patient%2F7`, outcome: "pending", fields: [] },
        { at: at(0), action: "readSessions", method: "GET", url: `${clinic}/Appointment?patient=Patient%2F7`, outcome: "clinic_busy", fields: [] },
        { at: at(-0.01), action: "signIn", method: "POST", url: "https://auth.c.example/token", outcome: null, fields: [] },
        { at: at(-0.02), action: "discover", method: "GET", url: `${clinic}/.well-known/smart-configuration`, outcome: null, fields: [] },
        {
          at: at(-0.03),
          action: "readAll",
          method: "POST",
          url: `${clinic}/`,
          outcome: null,
          fields: [
            { name: "readSessions", value: "GET Appointment?patient=Patient%2F7" },
            { name: "readProgramme", value: "GET Group?actual=false", outcome: "clinic_not_shared" },
          ],
        },
      ],
    });
    await fireEvent.click(screen.getByTestId("nav-sessions"));
    const ledger = await screen.findByTestId("clinic-ledger");
    expect(screen.queryAllByTestId("ledger-item")).toHaveLength(0);
    const rows = await openLedger();
    expect(rows).toHaveLength(5);
    expect(within(ledger).getAllByTestId("ledger-item")).toHaveLength(5);
    const [unanswered, read, signIn, discover, batch] = rows.map(outsideTechnical);
    // A request whose answer never came (the app closed or locked first) says so, not "failed".
    expect(unanswered).toContain("No answer recorded.");
    expect(unanswered).not.toContain("Didn't work");
    expect(read).toContain("Read your sessions (sent your clinic record number)");
    expect(read).toMatch(/Didn't work: .*busy right now/);
    expect(signIn).toContain("Finished signing in");
    expect(discover).toContain("nothing about you was sent");
    expect(discover).toContain("Done");
    // Several reads sent together are named in words, and the one the clinic refused says so.
    expect(batch).toContain("Read your sessions and your programme in one request");
    expect(batch).toContain("Done");
    const outcomes = screen.getAllByTestId("ledger-field-outcome");
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!).toHaveTextContent("Your programme: couldn't be read. Your clinic's server didn't share this with Alongside.");
    // The request itself is there for whoever wants it, closed until opened.
    const technical = within(rows[1]!).getByTestId("ledger-technical");
    expect(technical).not.toHaveAttribute("open");
    expect(technical).toHaveTextContent(`GET ${clinic}/Appointment?patient=Patient%2F7`);
    expect(within(rows[4]!).getByTestId("ledger-fields")).toHaveTextContent("readProgramme");
    await expectNoAxeViolations("ledger");
  });

  it("has words for every action the clinic ledger records, with no code or address outside Technical details", async () => {
    const actions = ledgerActions();
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions) {
      expect(hasKey(`sessions.ledger.action.${action}`, "en"), action).toBe(true);
      expect(hasKey(`sessions.ledger.action.${action}`, "es"), action).toBe(true);
    }
    const entries = everyAction();
    expect(entries.map((e) => e.action).sort()).toEqual([...actions].sort());
    for (const locale of ["en", "es"] as const) {
      setLocale(locale);
      const { unmount } = render(Ledger, { after: null, sessions: programme() });
      fakeBackend({ clinic_ledger: () => entries });
      const rows = await openLedger();
      expect(rows).toHaveLength(actions.length);
      for (const [i, row] of rows.entries()) {
        const words = outsideTechnical(row);
        expect(within(row).getByTestId("ledger-words").textContent?.trim(), `${locale} ${entries[i]!.action}`).not.toBe("");
        for (const pattern of TECHNICAL) expect(words, `${locale} ${entries[i]!.action}: ${pattern}`).not.toMatch(pattern);
        expect(within(row).getByTestId("ledger-technical")).toHaveTextContent(entries[i]!.url);
      }
      unmount();
    }
  });

  it("says which session a reply was for, what it said, and what homework and self-checks sent", async () => {
    const entries = everyAction();
    const sessions = programme();
    render(Ledger, { after: null, sessions });
    fakeBackend({ clinic_ledger: () => entries });
    const rows = await openLedger();
    const said = (action: LedgerAction) => within(rows[entries.findIndex((e) => e.action === action)]!).getByTestId("ledger-words").textContent;
    const date = new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(new Date(sessions[3]!.startsAt));
    expect(said("sendReply")).toBe(`Sent your reply to the session on ${date}: you can't make it`);
    expect(said("sendHomework")).toBe("Told your clinic your homework isn't done yet");
    expect(said("sendSelfCheck")).toBe("Sent your PHQ-9 result from Dec 1, 2026, which you chose to share");
    expect(said("readAll")).toBe("Read your sessions, your clinic's name and phone number, and your programme in one request (sent your clinic record number)");
    setLocale("es");
    const fecha = new Intl.DateTimeFormat("es", { dateStyle: "medium" }).format(new Date(sessions[3]!.startsAt));
    await waitFor(() => expect(said("sendReply")).toBe(`Envió tu respuesta a la sesión del ${fecha}: no podrás ir`));
    expect(said("readAll")).toBe(
      "Leyó tus sesiones, el nombre y el teléfono de tu clínica y tu programa en una sola solicitud (envió tu número de expediente de la clínica)",
    );
    expect(within(rows[0]!).getByTestId("ledger-technical")).toHaveTextContent("Detalles técnicos");
  });

  it("says a reply's note in the member's words, in both languages", () => {
    const reply = everyAction().find((e) => e.action === "sendReply")!;
    const entry = { ...reply, fields: [...reply.fields, { name: "comment", value: "Working late" }] };
    const sessions = programme();
    const date = new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(new Date(sessions[3]!.startsAt));
    expect(ledgerWords(entry, sessions)).toBe(`Sent your reply to the session on ${date}: you can't make it, with your note “Working late”`);
    setLocale("es");
    const fecha = new Intl.DateTimeFormat("es", { dateStyle: "medium" }).format(new Date(sessions[3]!.startsAt));
    expect(ledgerWords(entry, sessions)).toBe(`Envió tu respuesta a la sesión del ${fecha}: no podrás ir, con tu nota «Working late»`);
  });
});

describe("Linking an entry to a session", () => {
  it("offers the sessions, saves the choice and keeps a link the clinic no longer lists", async () => {
    const journal = new FakeJournal();
    journal.sessions = programme().slice(0, 3);
    const calls = await start({}, journal);
    await fireEvent.click(screen.getByTestId("nav-journal"));
    await fireEvent.click(await screen.findByTestId("journal-new"));
    const picker = (await screen.findByLabelText("Group session")) as HTMLSelectElement;
    const labels = [...picker.options].map((o) => o.text);
    expect(labels[0]).toBe("Not about a session");
    expect(labels[1]).toMatch(/^Anxiety skills group — week 3 · /);
    expect(labels).toHaveLength(4);
    await fireEvent.change(picker, { target: { value: "appt-2" } });
    await fireEvent.click(screen.getByTestId("entry-done"));
    await waitFor(() => expect(journal.entries).toHaveLength(1));
    expect(journal.entries[0]?.sessionId).toBe("appt-2");
    expect(calls.find((c) => c.cmd === "journal_sessions")?.args).toEqual({ linked: null });

    // The clinic drops that session: the link stays, and says so.
    journal.sessions = journal.sessions.filter((s) => s.id !== "appt-2");
    await fireEvent.click(await screen.findByTestId("journal-item"));
    const again = (await screen.findByLabelText("Group session")) as HTMLSelectElement;
    await waitFor(() => expect(again.value).toBe("appt-2"));
    expect(again.options[again.selectedIndex]?.text).toBe("A session your clinic no longer lists");
    await expectNoAxeViolations("editor with a session");
  });

  it("stays out of the way when there are no sessions", async () => {
    await start();
    await fireEvent.click(screen.getByTestId("nav-journal"));
    await fireEvent.click(await screen.findByTestId("journal-new"));
    await screen.findByTestId("entry-body");
    expect(screen.queryByTestId("entry-session")).toBeNull();
  });
});
