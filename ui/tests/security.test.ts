import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../src/App.svelte";
import { expectNoAxeViolations } from "./a11y";
import { commandsOf, fakeBackend, testPassphrase, type Call, type FakeVault } from "./ipc";

async function openSettings(vault: FakeVault = {}, overrides: Parameters<typeof fakeBackend>[0] = {}): Promise<Call[]> {
  const calls = fakeBackend(overrides, vault);
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  await fireEvent.click(screen.getByTestId("nav-settings"));
  await screen.findByTestId("settings-security");
  return calls;
}

const next = "steady morning tide";

async function fillChange(current: string, passphrase: string, confirm = passphrase): Promise<void> {
  await fireEvent.input(screen.getByTestId("change-current"), { target: { value: current } });
  await fireEvent.input(screen.getByTestId("change-next"), { target: { value: passphrase } });
  await fireEvent.input(screen.getByTestId("change-confirm"), { target: { value: confirm } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("Settings → Security", () => {
  it("offers auto-lock times with the saved one selected", async () => {
    await openSettings();
    const select = screen.getByLabelText("Lock automatically after") as HTMLSelectElement;
    expect(select).toBe(screen.getByTestId("auto-lock-select"));
    expect([...select.options].map((o) => o.textContent?.trim())).toEqual([
      "1 minute",
      "5 minutes",
      "15 minutes",
      "30 minutes",
      "60 minutes",
      "Never",
    ]);
    expect(select.value).toBe("5");
    expect(screen.queryByTestId("auto-lock-never-note")).not.toBeInTheDocument();
  });

  it("saves a number of minutes, and null with an explanation for Never", async () => {
    const calls = await openSettings();
    const select = screen.getByTestId("auto-lock-select") as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: "15" } });
    await waitFor(() => expect(calls).toContainEqual({ cmd: "settings_set_auto_lock", args: { minutes: 15 } }));
    await fireEvent.change(select, { target: { value: "never" } });
    await waitFor(() => expect(calls).toContainEqual({ cmd: "settings_set_auto_lock", args: { minutes: null } }));
    const note = await screen.findByTestId("auto-lock-never-note");
    expect(note).toHaveTextContent("anyone at this computer could read your journal");
    expect(select).toHaveAccessibleDescription(/anyone at this computer could read your journal/);
    expect(select.value).toBe("never");
  });

  it("puts the auto-lock choice back when saving fails", async () => {
    await openSettings({}, { settings_set_auto_lock: () => Promise.reject({ code: "settings_not_saved", message: "EACCES" }) });
    const select = screen.getByTestId("auto-lock-select") as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: "never" } });
    await screen.findByText("Your settings couldn't be saved. Please try again.");
    expect(select.value).toBe("5");
    expect(screen.queryByTestId("auto-lock-never-note")).not.toBeInTheDocument();
  });

  it("asks for the passphrase to turn automatic unlock on, and sends what was typed", async () => {
    const calls = await openSettings();
    const toggle = screen.getByLabelText("Unlock automatically on this device") as HTMLInputElement;
    expect(toggle).toBe(screen.getByTestId("auto-unlock-toggle"));
    expect(toggle.checked).toBe(false);
    await fireEvent.click(toggle);
    const field = await within(screen.getByTestId("settings-security")).findByLabelText("Your Alongside passphrase");
    expect(field).toBe(screen.getByTestId("auto-unlock-passphrase"));
    await waitFor(() => expect(field).toHaveFocus());
    // Not on until the passphrase is confirmed, so the box does not look ticked meanwhile.
    expect(toggle.checked).toBe(false);
    await fireEvent.click(toggle);
    expect(toggle.checked).toBe(false);
    await waitFor(() => expect(field).toHaveFocus());
    expect(field).toHaveAttribute("autocomplete", "current-password");
    expect(field).toHaveAccessibleDescription(/To turn this on, type the passphrase you use to unlock Alongside/);
    expect(commandsOf(calls)).not.toContain("vault_set_auto_unlock");

    await fireEvent.input(field, { target: { value: testPassphrase } });
    await fireEvent.submit(field.closest("form") as HTMLFormElement);
    await waitFor(() => expect(calls).toContainEqual({ cmd: "vault_set_auto_unlock", args: { enabled: true, passphrase: testPassphrase } }));
    await waitFor(() => expect(screen.queryByTestId("auto-unlock-passphrase")).not.toBeInTheDocument());
    expect(toggle.checked).toBe(true);
    expect(toggle).toHaveFocus();
  });

  it("turns automatic unlock off without asking for the passphrase", async () => {
    const calls = await openSettings({ autoUnlock: true });
    const toggle = screen.getByTestId("auto-unlock-toggle") as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    await fireEvent.click(toggle);
    await waitFor(() => expect(calls).toContainEqual({ cmd: "vault_set_auto_unlock", args: { enabled: false, passphrase: null } }));
    await waitFor(() => expect(toggle.checked).toBe(false));
    expect(screen.queryByTestId("auto-unlock-passphrase")).not.toBeInTheDocument();
  });

  it("keeps automatic unlock off after a wrong passphrase, says so and clears the field", async () => {
    const calls = await openSettings();
    const toggle = screen.getByTestId("auto-unlock-toggle") as HTMLInputElement;
    await fireEvent.click(toggle);
    const field = await screen.findByTestId("auto-unlock-passphrase");
    await fireEvent.input(field, { target: { value: "not my passphrase" } });
    await fireEvent.click(screen.getByTestId("auto-unlock-confirm"));
    const error = screen.getByTestId("auto-unlock-passphrase-error");
    await waitFor(() => expect(error).toHaveTextContent("That passphrase doesn't match. Check Caps Lock and try again."));
    expect(error).toHaveAttribute("role", "alert");
    expect(calls).toContainEqual({ cmd: "vault_set_auto_unlock", args: { enabled: true, passphrase: "not my passphrase" } });
    expect(field).toHaveValue("");
    expect(field).toHaveFocus();
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveAccessibleDescription(/That passphrase doesn't match/);
    expect(screen.queryByText(/backend says/)).not.toBeInTheDocument();
    await expectNoAxeViolations("auto-unlock wrong passphrase");
    await fireEvent.click(screen.getByTestId("auto-unlock-cancel"));
    await waitFor(() => expect(screen.queryByTestId("auto-unlock-passphrase")).not.toBeInTheDocument());
    expect(toggle.checked).toBe(false);
    expect(toggle).toHaveFocus();
  });

  it("asks for the passphrase instead of sending an empty one", async () => {
    const calls = await openSettings();
    await fireEvent.click(screen.getByTestId("auto-unlock-toggle"));
    await fireEvent.click(await screen.findByTestId("auto-unlock-confirm"));
    expect(screen.getByTestId("auto-unlock-passphrase-error")).toHaveTextContent("Please type your Alongside passphrase to confirm this.");
    expect(commandsOf(calls)).not.toContain("vault_set_auto_unlock");
  });

  it("counts down after too many tries before automatic unlock can be asked for again", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    let wait: number | null = null;
    await openSettings(
      {},
      {
        vault_set_auto_unlock: () => {
          wait = 2;
          return Promise.reject({ code: "too_many_attempts", message: "slow down" });
        },
        vault_status: () => ({ state: "unlocked", autoUnlock: false, keyringAvailable: true, autoUnlockFailed: false, retryAfterSecs: wait }),
      },
    );
    await fireEvent.click(screen.getByTestId("auto-unlock-toggle"));
    await fireEvent.input(await screen.findByTestId("auto-unlock-passphrase"), { target: { value: "guess" } });
    await fireEvent.click(screen.getByTestId("auto-unlock-confirm"));
    const confirm = screen.getByTestId("auto-unlock-confirm");
    await waitFor(() => expect(screen.getByTestId("auto-unlock-passphrase-wait")).toHaveTextContent("Please wait 2 seconds before trying again."));
    expect(screen.getByTestId("auto-unlock-passphrase-error")).toHaveTextContent("Alongside is taking a short pause");
    // Done trying (Cancel is back), yet the confirm button waits out the pause.
    await waitFor(() => expect(screen.getByTestId("auto-unlock-cancel")).toBeEnabled());
    expect(confirm).toBeDisabled();
    expect(confirm).toHaveAccessibleDescription("Please wait 2 seconds before trying again.");
    vi.advanceTimersByTime(1000);
    await tick();
    expect(screen.getByTestId("auto-unlock-passphrase-wait")).toHaveTextContent("Please wait 1 second before trying again.");
    vi.advanceTimersByTime(1000);
    await tick();
    expect(screen.getByTestId("auto-unlock-passphrase-wait")).toHaveTextContent("");
    expect(screen.getByTestId("auto-unlock-passphrase-error")).toHaveTextContent("");
    expect(confirm).toBeEnabled();
  });

  it("disables automatic unlock with an explanation when the keyring is unavailable", async () => {
    await openSettings({ keyringAvailable: false });
    const toggle = screen.getByTestId("auto-unlock-toggle");
    expect(toggle).toBeDisabled();
    expect(toggle).toHaveAccessibleDescription(/keyring isn't available/);
  });

  it("asks the keyring only when the screen offering automatic unlock opens", async () => {
    let answer: (available: boolean) => void = () => {};
    const status = { state: "unlocked" as const, autoUnlock: false, autoUnlockFailed: false, retryAfterSecs: null };
    const calls = await openSettings(
      { keyringAvailable: null },
      {
        vault_probe_keyring: () =>
          new Promise((resolve) => (answer = (available) => resolve({ ...status, keyringAvailable: available }))),
      },
    );
    const toggle = screen.getByTestId("auto-unlock-toggle");
    expect(toggle).toBeDisabled();
    expect(toggle).toHaveAccessibleDescription("Checking this device's keyring…");
    expect(commandsOf(calls).filter((c) => c === "vault_probe_keyring")).toHaveLength(1);
    answer(true);
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).not.toHaveAccessibleDescription(/Checking/);
  });

  it("explains a keyring failure and leaves the box unticked", async () => {
    await openSettings({}, { vault_set_auto_unlock: () => Promise.reject({ code: "keyring_unavailable", message: "dbus" }) });
    const toggle = screen.getByTestId("auto-unlock-toggle") as HTMLInputElement;
    await fireEvent.click(toggle);
    await fireEvent.input(await screen.findByTestId("auto-unlock-passphrase"), { target: { value: testPassphrase } });
    await fireEvent.click(screen.getByTestId("auto-unlock-confirm"));
    await waitFor(() =>
      expect(screen.getByTestId("auto-unlock-error")).toHaveTextContent("automatic unlock can't be turned on"),
    );
    expect(toggle.checked).toBe(false);
    expect(screen.queryByTestId("auto-unlock-passphrase")).not.toBeInTheDocument();
  });

  it("changes the passphrase, clears the fields and confirms", async () => {
    const calls = await openSettings();
    const submit = screen.getByTestId("change-submit");
    expect(submit).toBeDisabled();
    await fillChange(testPassphrase, next);
    await waitFor(() => expect(submit).toBeEnabled());
    await fireEvent.click(submit);
    await waitFor(() => expect(screen.getByTestId("change-done")).toHaveTextContent("Your passphrase has been changed."));
    expect(screen.getByTestId("change-done")).toHaveAttribute("role", "status");
    expect(calls).toContainEqual({ cmd: "vault_change_passphrase", args: { current: testPassphrase, next } });
    for (const id of ["change-current", "change-next", "change-confirm"]) expect(screen.getByTestId(id)).toHaveValue("");
    // Typing a further change takes the confirmation of the last one away.
    await fireEvent.input(screen.getByTestId("change-next"), { target: { value: "another" } });
    expect(screen.getByTestId("change-done")).toBeEmptyDOMElement();
  });

  it("keeps change disabled while the new passphrases differ", async () => {
    const calls = await openSettings();
    await fillChange(testPassphrase, next, "steady morning tidy");
    await waitFor(() => expect(screen.getAllByTestId("passphrase-reason")[0]).toHaveTextContent("don't match yet"));
    expect(screen.getByTestId("change-submit")).toBeDisabled();
    expect(commandsOf(calls)).not.toContain("vault_change_passphrase");
  });

  it("explains a wrong current passphrase without showing backend text", async () => {
    await openSettings();
    await fillChange("not my passphrase", next);
    await waitFor(() => expect(screen.getByTestId("change-submit")).toBeEnabled());
    await fireEvent.click(screen.getByTestId("change-submit"));
    await waitFor(() => expect(screen.getByTestId("change-current-error")).toHaveTextContent("That passphrase doesn't match."));
    await waitFor(() => expect(screen.getByTestId("change-done")).toBeEmptyDOMElement());
    expect(screen.getByTestId("change-current")).toHaveValue("");
    expect(screen.getByTestId("change-current")).toHaveFocus();
    expect(screen.getByTestId("change-next")).toHaveValue(next);
    expect(screen.queryByText(/backend says/)).not.toBeInTheDocument();
  });

  it("makes a new recovery code and shows it once until saved", async () => {
    const calls = await openSettings();
    await fireEvent.input(screen.getByTestId("newcode-passphrase"), { target: { value: testPassphrase } });
    await fireEvent.click(screen.getByTestId("newcode-submit"));
    const code = await screen.findByTestId("recovery-code");
    expect(code).toHaveTextContent("NEWCO-DENEW-CODEN-EWCOD");
    expect(calls).toContainEqual({ cmd: "vault_new_recovery_code", args: { passphrase: testPassphrase } });
    const done = screen.getByTestId("recovery-continue");
    expect(done).toBeDisabled();
    await fireEvent.click(screen.getByTestId("recovery-saved"));
    await fireEvent.click(done);
    await waitFor(() => expect(screen.queryByTestId("recovery-code")).not.toBeInTheDocument());
    expect(screen.getByTestId("newcode-status")).toHaveTextContent("Your new recovery code is ready.");
    expect(screen.getByTestId("newcode-passphrase")).toHaveValue("");
  });

  it("explains a wrong passphrase when asking for a new recovery code", async () => {
    await openSettings();
    await fireEvent.input(screen.getByTestId("newcode-passphrase"), { target: { value: "nope" } });
    await fireEvent.click(screen.getByTestId("newcode-submit"));
    await waitFor(() => expect(screen.getByTestId("newcode-passphrase-error")).toHaveTextContent("That passphrase doesn't match."));
    expect(screen.queryByTestId("recovery-code")).not.toBeInTheDocument();
  });

  it("counts down after too many tries at the current passphrase before it can be changed", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    let wait: number | null = null;
    await openSettings(
      {},
      {
        vault_change_passphrase: () => {
          wait = 5;
          return Promise.reject({ code: "too_many_attempts", message: "slow down" });
        },
        vault_status: () => ({ state: "unlocked", autoUnlock: false, keyringAvailable: true, autoUnlockFailed: false, retryAfterSecs: wait }),
      },
    );
    await fillChange("guess", next);
    await waitFor(() => expect(screen.getByTestId("change-submit")).toBeEnabled());
    await fireEvent.click(screen.getByTestId("change-submit"));
    await waitFor(() => expect(screen.getByTestId("change-current-wait")).toHaveTextContent("Please wait 5 seconds before trying again."));
    expect(screen.getByTestId("change-current-error")).toHaveTextContent("Alongside is taking a short pause");
    await waitFor(() => expect(screen.getByTestId("change-done")).toBeEmptyDOMElement());
    expect(screen.getByTestId("change-submit")).toBeDisabled();
    expect(screen.getByTestId("change-submit")).toHaveAccessibleDescription(/Please wait 5 seconds before trying again/);
  });

  it("has no axe violations with the security section filled in", async () => {
    await openSettings();
    await fireEvent.change(screen.getByTestId("auto-lock-select"), { target: { value: "never" } });
    await screen.findByTestId("auto-lock-never-note");
    await fillChange(testPassphrase, next);
    await waitFor(() => expect(screen.getByTestId("change-submit")).toBeEnabled());
    await expectNoAxeViolations("security");
  });
});
