import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../src/App.svelte";
import type { VaultStatus } from "../src/lib/bindings/types";
import { expectNoAxeViolations } from "./a11y";
import { commandsOf, fakeBackend, reject, suggestions, testPassphrase, type Call, type FakeVault } from "./ipc";

async function start(vault: FakeVault = {}, overrides: Parameters<typeof fakeBackend>[0] = {}): Promise<Call[]> {
  const calls = fakeBackend(overrides, { state: "locked", ...vault });
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  await screen.findByTestId("screen-unlock");
  return calls;
}

async function submit(passphrase: string): Promise<void> {
  await fireEvent.input(screen.getByTestId("unlock-passphrase"), { target: { value: passphrase } });
  await fireEvent.submit(screen.getByTestId("unlock-passphrase").closest("form") as HTMLFormElement);
}

const locked = (extra: Partial<VaultStatus> = {}): VaultStatus => ({
  state: "locked",
  autoUnlock: false,
  keyringAvailable: true,
  autoUnlockFailed: false,
  retryAfterSecs: null,
  ...extra,
});

afterEach(() => {
  vi.useRealTimers();
});

describe("unlock", () => {
  it("has a labelled current-password field inside a real form", async () => {
    await start();
    const field = screen.getByLabelText("Passphrase");
    expect(field).toBe(screen.getByTestId("unlock-passphrase"));
    expect(field).toHaveAttribute("type", "password");
    expect(field).toHaveAttribute("autocomplete", "current-password");
    expect(field.closest("form")).toContainElement(screen.getByTestId("unlock-submit"));
    expect(screen.getByTestId("unlock-submit")).toHaveAttribute("type", "submit");
  });

  it("shows the translated error for a wrong passphrase and keeps the rest of the screen", async () => {
    const calls = await start({ autoUnlockFailed: true });
    await submit("not it");
    const error = screen.getByTestId("unlock-error");
    await waitFor(() => expect(error).toHaveTextContent("That passphrase doesn't match. Check Caps Lock and try again."));
    expect(error).toHaveAttribute("role", "alert");
    expect(error).not.toHaveTextContent("backend says");
    expect(calls).toContainEqual({ cmd: "vault_unlock", args: { passphrase: "not it" } });
    expect(screen.getByTestId("screen-unlock")).toBeInTheDocument();
    expect(screen.getByTestId("auto-unlock-failed")).toHaveTextContent("Automatic unlock didn't work this time");
    expect(screen.getByTestId("forgot-passphrase")).toBeInTheDocument();
    const field = screen.getByTestId("unlock-passphrase") as HTMLInputElement;
    expect(field.value).toBe("");
    expect(field).toHaveFocus();
    expect(field).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(screen.getByTestId("unlock-submit")).toBeEnabled());
  });

  it("shows the error in Spanish when the app is in Spanish", async () => {
    fakeBackend({ settings_get: () => ({ language: "es", autoLockMinutes: 5, closeToTray: null, crisisCountry: null, clinicCountry: null, helpContact: null }) }, { state: "locked" });
    render(App);
    await screen.findByTestId("screen-unlock");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Qué bueno verte de nuevo");
    await submit("not it");
    await waitFor(() => expect(screen.getByTestId("unlock-error")).toHaveTextContent("Esa frase de contraseña no coincide"));
  });

  it("asks for a passphrase instead of sending an empty one", async () => {
    const calls = await start();
    await fireEvent.click(screen.getByTestId("unlock-submit"));
    expect(screen.getByTestId("unlock-error")).toHaveTextContent("Please enter your passphrase.");
    expect(commandsOf(calls)).not.toContain("vault_unlock");
  });

  it("shows progress while unlocking", async () => {
    let finish: (value: VaultStatus) => void = () => {};
    await start({}, { vault_unlock: () => new Promise((resolve) => (finish = resolve)) });
    await submit(testPassphrase);
    expect(await screen.findByText("Unlocking…")).toBeInTheDocument();
    expect(screen.getByTestId("screen-unlock")).toHaveAttribute("aria-busy", "true");
    expect(screen.getByTestId("unlock-submit")).toBeDisabled();
    finish({ ...locked(), state: "unlocked" });
    expect(await screen.findByTestId("screen-today")).toBeInTheDocument();
  });

  it("counts down after too many attempts and disables Unlock meanwhile", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    let wait: number | null = null;
    await start(
      {},
      {
        vault_unlock: () => {
          wait = 3;
          return reject({ code: "too_many_attempts", message: "slow down" })();
        },
        vault_status: () => locked({ retryAfterSecs: wait }),
      },
    );
    await submit("guess");
    const button = screen.getByTestId("unlock-submit");
    await waitFor(() => expect(screen.getByTestId("unlock-wait")).toHaveTextContent("Please wait 3 seconds before trying again."));
    expect(screen.getByTestId("unlock-error")).toHaveTextContent("Alongside is taking a short pause");
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription("Please wait 3 seconds before trying again.");
    vi.advanceTimersByTime(1000);
    await tick();
    expect(screen.getByTestId("unlock-wait")).toHaveTextContent("Please wait 2 seconds before trying again.");
    vi.advanceTimersByTime(1000);
    await tick();
    expect(screen.getByTestId("unlock-wait")).toHaveTextContent("Please wait 1 second before trying again.");
    expect(button).toBeDisabled();
    vi.advanceTimersByTime(1000);
    await tick();
    expect(screen.getByTestId("unlock-wait")).toHaveTextContent("");
    expect(screen.getByTestId("unlock-error")).toHaveTextContent("");
    expect(button).toBeEnabled();
  });

  it("starts with the countdown when the backend is already asking to wait", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    await start({ retryAfterSecs: 20 });
    expect(screen.getByTestId("unlock-wait")).toHaveTextContent("Please wait 20 seconds");
    expect(screen.getByTestId("unlock-submit")).toBeDisabled();
  });

  it("resets the passphrase with the recovery code and opens the app", async () => {
    const calls = await start();
    await fireEvent.click(screen.getByTestId("forgot-passphrase"));
    const heading = await screen.findByRole("heading", { level: 2, name: "Use your recovery code" });
    await waitFor(() => expect(heading).toHaveFocus());
    const code = screen.getByLabelText("Recovery code");
    expect(code).toBe(screen.getByTestId("recovery-input"));
    await fireEvent.input(code, { target: { value: "abcde fghjk mnpqr stvwx" } });
    await fireEvent.input(screen.getByTestId("reset-passphrase"), { target: { value: "new calm harbour" } });
    await fireEvent.input(screen.getByTestId("reset-confirm"), { target: { value: "new calm harbour" } });
    await waitFor(() => expect(screen.getByRole("meter")).toHaveAttribute("aria-valuetext", "Very strong"));
    await waitFor(() => expect(screen.getByTestId("reset-submit")).toBeEnabled());
    await fireEvent.click(screen.getByTestId("reset-submit"));
    expect(await screen.findByTestId("screen-today")).toBeInTheDocument();
    expect(calls).toContainEqual({
      cmd: "vault_reset_with_recovery",
      args: { code: "abcde fghjk mnpqr stvwx", next: "new calm harbour" },
    });
  });

  it("says why the new passphrase must be strong and can suggest one while locked", async () => {
    const calls = await start();
    await fireEvent.click(screen.getByTestId("forgot-passphrase"));
    const field = await screen.findByTestId("reset-passphrase");
    expect(field).toHaveAccessibleDescription(/could try guesses on their own computer, where Alongside can't slow them down/);
    await fireEvent.click(screen.getByTestId("reset-passphrase-suggest"));
    await waitFor(() => expect(field).toHaveValue(suggestions.en));
    expect(field).toHaveAttribute("type", "text");
    expect(calls).toContainEqual({ cmd: "vault_suggest_passphrase", args: { language: "en" } });
  });

  it("keeps reset disabled until the new passphrase is acceptable and matches", async () => {
    await start();
    await fireEvent.click(screen.getByTestId("forgot-passphrase"));
    await fireEvent.input(await screen.findByTestId("recovery-input"), { target: { value: "ABCDE-FGHJK-MNPQR-STVWX" } });
    await fireEvent.input(screen.getByTestId("reset-passphrase"), { target: { value: "weak" } });
    await fireEvent.input(screen.getByTestId("reset-confirm"), { target: { value: "weak" } });
    await waitFor(() => expect(screen.getByTestId("passphrase-weak")).toHaveTextContent("easy to guess"));
    expect(screen.getByTestId("reset-passphrase")).toHaveAccessibleDescription(/easy to guess/);
    expect(screen.getByTestId("reset-submit")).toBeDisabled();
    expect(screen.getByTestId("reset-submit")).toHaveAccessibleDescription(/easy to guess/);
  });

  it("explains a wrong recovery code and keeps what was typed", async () => {
    await start();
    await fireEvent.click(screen.getByTestId("forgot-passphrase"));
    await fireEvent.input(await screen.findByTestId("recovery-input"), { target: { value: "WRONG-CODE1" } });
    await fireEvent.input(screen.getByTestId("reset-passphrase"), { target: { value: "new calm harbour" } });
    await fireEvent.input(screen.getByTestId("reset-confirm"), { target: { value: "new calm harbour" } });
    await waitFor(() => expect(screen.getByTestId("reset-submit")).toBeEnabled());
    await fireEvent.click(screen.getByTestId("reset-submit"));
    await waitFor(() => expect(screen.getByTestId("reset-error")).toHaveTextContent("That recovery code doesn't match."));
    expect(screen.getByTestId("recovery-input")).toHaveValue("WRONG-CODE1");
    expect(screen.getByTestId("screen-unlock")).toBeInTheDocument();
  });

  it("goes back from the recovery form to the passphrase field", async () => {
    await start();
    await fireEvent.click(screen.getByTestId("forgot-passphrase"));
    await fireEvent.input(await screen.findByTestId("recovery-input"), { target: { value: "ABCDE" } });
    await fireEvent.click(screen.getByTestId("recovery-back"));
    await waitFor(() => expect(screen.getByTestId("unlock-passphrase")).toHaveFocus());
    expect(screen.queryByTestId("recovery-input")).not.toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("forgot-passphrase"));
    expect(await screen.findByTestId("recovery-input")).toHaveValue("");
  });

  it("has no axe violations on the passphrase and recovery forms", async () => {
    await start({ autoUnlockFailed: true });
    await submit("not it");
    await screen.findByText(/That passphrase doesn't match/);
    await expectNoAxeViolations("unlock");
    await fireEvent.click(screen.getByTestId("forgot-passphrase"));
    await screen.findByTestId("recovery-input");
    await expectNoAxeViolations("recover");
  });
});
