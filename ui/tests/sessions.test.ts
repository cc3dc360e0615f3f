import { emit } from "@tauri-apps/api/event";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import type { ClinicStatus, Session } from "../src/lib/bindings/types";
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
    expect(await screen.findByTestId("clinic-connected")).toHaveProperty(
      "textContent",
      "Connected to https://fhir.clinic.example/r4",
    );
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

describe("The sync ledger", () => {
  it("lists every request to the clinic in plain words, failures too", async () => {
    await start({
      clinic_ledger: () => [
        { at: at(0.01), action: "readSessions", method: "GET", url: "https://c.example/r4/Appointment?patient=Patient%2F7", outcome: "pending", fields: [] },
        { at: at(0), action: "readSessions", method: "GET", url: "https://c.example/r4/Appointment?patient=Patient%2F7", outcome: "clinic_busy", fields: [] },
        { at: at(-0.01), action: "signIn", method: "POST", url: "https://auth.c.example/token", outcome: null, fields: [] },
        { at: at(-0.02), action: "discover", method: "GET", url: "https://c.example/r4/.well-known/smart-configuration", outcome: null, fields: [] },
        {
          at: at(-0.03),
          action: "readAll",
          method: "POST",
          url: "https://c.example/r4/",
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
    ledger.setAttribute("open", "");
    await fireEvent(ledger, new Event("toggle"));
    await waitFor(() => expect(screen.getAllByTestId("ledger-item")).toHaveLength(5));
    const [unanswered, read, signIn, discover, batch] = screen.getAllByTestId("ledger-item").map((li) => li.textContent ?? "");
    // A request whose answer never came (the app closed or locked first) says so, not "failed".
    expect(unanswered).toContain("No answer recorded.");
    expect(unanswered).not.toContain("Didn't work");
    expect(read).toContain("Read your sessions (sent your clinic record number)");
    expect(read).toContain("GET https://c.example/r4/Appointment?patient=Patient%2F7");
    expect(read).toMatch(/Didn't work: .*busy right now/);
    expect(signIn).toContain("Finished signing in");
    expect(discover).toContain("nothing about you was sent");
    expect(discover).toContain("Done");
    // Of several reads sent together, the one the clinic refused says so.
    const outcomes = screen.getAllByTestId("ledger-field-outcome");
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.closest("div")).toHaveTextContent("GET Group?actual=false");
    expect(outcomes[0]!).toHaveTextContent("Didn't work: Your clinic's server didn't share this with Alongside.");
    expect(batch).toContain("Done");
    await expectNoAxeViolations("ledger");
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
