import { emit } from "@tauri-apps/api/event";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { allAbilities, commandsOf, fail, fakeBackend, reject, signedOutStatus, testPassphrase } from "./ipc";
import type { VaultStatus } from "../src/lib/bindings/types";

async function ready() {
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
}

describe("vault gate", () => {
  it("shows setup without navigation when there is no vault yet", async () => {
    const calls = fakeBackend({}, { state: "absent" });
    render(App);
    await ready();
    expect(screen.getByTestId("screen-setup")).toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
    expect(screen.queryByTestId("lock-button")).not.toBeInTheDocument();
    expect(screen.getByTestId("help-button")).toHaveTextContent("Need help now");
    const order = commandsOf(calls);
    expect(order.indexOf("vault_status")).toBeLessThan(order.indexOf("shell_ready"));
  });

  it("shows the unlock screen without navigation when the vault is locked", async () => {
    fakeBackend({}, { state: "locked" });
    render(App);
    await ready();
    expect(screen.getByTestId("screen-unlock")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Welcome back");
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
    expect(screen.queryByTestId("screen-today")).not.toBeInTheDocument();
    expect(screen.getByTestId("unlock-passphrase")).toHaveFocus();
    expect(document.title).toBe("Locked – Alongside");
  });

  it("shows the normal shell with a lock button when the vault is unlocked", async () => {
    fakeBackend();
    render(App);
    await ready();
    expect(screen.getByTestId("screen-today")).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Main" })).toBeInTheDocument();
    expect(screen.getByTestId("lock-button")).toHaveTextContent("Lock now");
    expect(screen.queryByTestId("screen-unlock")).not.toBeInTheDocument();
  });

  it.each(["absent", "locked"] as const)("opens the help panel from the %s gate without waiting on the backend", async (state) => {
    const calls = fakeBackend({}, { state });
    render(App);
    await ready();
    const before = calls.length;
    await fireEvent.click(screen.getByTestId("help-button"));
    const panel = screen.getByTestId("help-panel");
    expect(panel).toHaveAttribute("open");
    // The lines are there at once; locked, the only question is for the plan's opt-in copy.
    expect(within(panel).getByRole("link", { name: "Call 988" })).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.slice(before).map((c) => c.cmd)).toEqual(state === "locked" ? ["safety_plan_locked"] : []);
  });

  it("still becomes ready and offers a retry when the vault status cannot be read", async () => {
    let broken = true;
    const calls = fakeBackend({
      vault_status: () => (broken ? Promise.reject({ code: "io", message: "disk" }) : { state: "locked", autoUnlock: false, keyringAvailable: true, autoUnlockFailed: false, retryAfterSecs: null }),
    });
    render(App);
    await ready();
    expect(commandsOf(calls)).toContain("shell_ready");
    expect(screen.getByTestId("screen-vault-error")).toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
    broken = false;
    await fireEvent.click(screen.getByTestId("vault-retry"));
    expect(await screen.findByTestId("screen-unlock")).toBeInTheDocument();
  });

  it("shows the window even when the vault status is slow, then follows it", async () => {
    let answer: (value: VaultStatus) => void = () => {};
    const calls = fakeBackend({ vault_status: () => new Promise((resolve) => (answer = resolve)) });
    render(App);
    await waitFor(() => expect(commandsOf(calls)).toContain("shell_ready"), { timeout: 4000 });
    expect(screen.getByText("Opening Alongside…")).toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
    answer({ state: "locked", autoUnlock: true, keyringAvailable: true, autoUnlockFailed: true, retryAfterSecs: null });
    expect(await screen.findByTestId("auto-unlock-failed")).toBeInTheDocument();
  });

  it("Lock now locks the vault and shows the unlock screen", async () => {
    const calls = fakeBackend();
    render(App);
    await ready();
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await fireEvent.input(await screen.findByTestId("change-current"), { target: { value: "typed but not sent" } });
    await fireEvent.click(screen.getByTestId("lock-button"));
    expect(await screen.findByTestId("screen-unlock")).toBeInTheDocument();
    expect(commandsOf(calls)).toContain("vault_lock");
    expect(screen.queryByTestId("lock-button")).not.toBeInTheDocument();
    expect(screen.queryByTestId("change-current")).not.toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue("typed but not sent")).not.toBeInTheDocument();
  });

  it("shows the unlock screen when the backend locks by itself", async () => {
    fakeBackend();
    render(App);
    await ready();
    await waitFor(() => expect(screen.getByTestId("screen-today")).toBeInTheDocument());
    await emit("vault-locked", "idle");
    expect(await screen.findByTestId("screen-unlock")).toBeInTheDocument();
    expect(screen.getByTestId("lock-reason")).toHaveTextContent("locked itself after a quiet while");
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
  });

  it("says so when the desktop's screen lock locked it", async () => {
    fakeBackend();
    render(App);
    await ready();
    await waitFor(() => expect(screen.getByTestId("screen-today")).toBeInTheDocument());
    await emit("vault-locked", "screen_lock");
    expect(await screen.findByTestId("screen-unlock")).toBeInTheDocument();
    expect(screen.getByTestId("lock-reason")).toHaveTextContent("when this computer was locked");
  });

  it("unlocks back into the shell and focuses the content", async () => {
    const calls = fakeBackend({}, { state: "locked" });
    render(App);
    await ready();
    await fireEvent.input(screen.getByTestId("unlock-passphrase"), { target: { value: testPassphrase } });
    await fireEvent.click(screen.getByTestId("unlock-submit"));
    expect(await screen.findByTestId("screen-today")).toBeInTheDocument();
    expect(calls).toContainEqual({ cmd: "vault_unlock", args: { passphrase: testPassphrase } });
    await waitFor(() => expect(screen.getByRole("main")).toHaveFocus());
    expect(screen.getByTestId("lock-button")).toBeInTheDocument();
  });

  it("refreshes the gate when a command finds the vault already locked", async () => {
    let state: "unlocked" | "locked" = "unlocked";
    fakeBackend({
      vault_status: () => ({ state, autoUnlock: false, keyringAvailable: true, autoUnlockFailed: false, retryAfterSecs: null }),
      vault_set_auto_unlock: () => {
        state = "locked";
        return reject({ code: "locked", message: "locked" })();
      },
    });
    render(App);
    await ready();
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await fireEvent.click(await screen.findByTestId("auto-unlock-toggle"));
    await fireEvent.input(await screen.findByTestId("auto-unlock-passphrase"), { target: { value: testPassphrase } });
    await fireEvent.click(screen.getByTestId("auto-unlock-confirm"));
    expect(await screen.findByTestId("screen-unlock")).toBeInTheDocument();
  });
});

describe("a locked answer from any view", () => {
  const signedIn = { ...signedOutStatus, address: "https://fhir.clinic.example/r4", signedIn: true, can: allAbilities };
  const readyBackups = { ready: true, folder: "/media/usb/alongside", automatic: true, backups: [], lastError: null };

  /** The vault closes underneath the open screen: `command` is the first to find it locked. */
  function closesUnderneath(command: string, overrides: Parameters<typeof fakeBackend>[0] = {}) {
    let state: "unlocked" | "locked" = "unlocked";
    fakeBackend({
      ...overrides,
      vault_status: () => ({ state, autoUnlock: false, keyringAvailable: true, autoUnlockFailed: false, retryAfterSecs: null }),
      [command]: () => {
        state = "locked";
        return fail("locked");
      },
    });
  }

  async function openApp(route: "settings" | "sessions"): Promise<void> {
    render(App);
    await ready();
    await fireEvent.click(screen.getByTestId(`nav-${route}`));
  }

  it("brings the unlock screen up when Backups and your data cannot load", async () => {
    closesUnderneath("backup_settings");
    await openApp("settings");
    expect(await screen.findByTestId("screen-unlock")).toBeInTheDocument();
    expect(screen.queryByTestId("screen-settings")).not.toBeInTheDocument();
  });

  it("brings the unlock screen up when a backup setting cannot be saved", async () => {
    closesUnderneath("backup_configure", { backup_settings: () => structuredClone(readyBackups) });
    await openApp("settings");
    await fireEvent.click(await screen.findByTestId("backup-automatic"));
    expect(await screen.findByTestId("screen-unlock")).toBeInTheDocument();
  });

  it("brings the unlock screen up when the sessions cannot load", async () => {
    closesUnderneath("sessions_list");
    // Straight to Sessions: Today lists the next session too, and would find the lock first.
    window.location.hash = "#/sessions";
    render(App);
    expect(await screen.findByTestId("screen-unlock")).toBeInTheDocument();
    expect(screen.queryByTestId("screen-sessions")).not.toBeInTheDocument();
  });

  it("brings the unlock screen up when an update from the clinic finds the vault locked", async () => {
    closesUnderneath("clinic_sync", { clinic_status: () => signedIn });
    await openApp("sessions");
    await fireEvent.click(await screen.findByTestId("clinic-sync"));
    expect(await screen.findByTestId("screen-unlock")).toBeInTheDocument();
  });
});
