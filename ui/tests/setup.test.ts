import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../src/App.svelte";
import { expectNoAxeViolations } from "./a11y";
import { commandsOf, fakeBackend, testRecoveryCode, type Call } from "./ipc";

const good = "maple window cloud";

async function start(vault: Parameters<typeof fakeBackend>[1] = {}): Promise<Call[]> {
  const calls = fakeBackend({}, { state: "absent", ...vault });
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  return calls;
}

async function toPassphraseStep(): Promise<void> {
  await fireEvent.click(screen.getByTestId("setup-start"));
  await screen.findByTestId("setup-passphrase");
}

async function createVault(): Promise<void> {
  await toPassphraseStep();
  await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: good } });
  await fireEvent.input(screen.getByTestId("setup-confirm"), { target: { value: good } });
  await waitFor(() => expect(screen.getByTestId("setup-create")).toBeEnabled());
  await fireEvent.click(screen.getByTestId("setup-create"));
  await screen.findByTestId("recovery-code");
}

async function toAutoUnlockStep(): Promise<void> {
  await createVault();
  await fireEvent.click(screen.getByTestId("recovery-saved"));
  await fireEvent.click(screen.getByTestId("recovery-continue"));
  await screen.findByTestId("setup-finish");
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("first-run setup", () => {
  it("welcomes the member, explains privacy and moves focus to each step's heading", async () => {
    await start();
    const heading = screen.getByRole("heading", { level: 1 });
    expect(heading).toHaveTextContent("Welcome to Alongside");
    expect(heading).toHaveFocus();
    expect(screen.getByTestId("screen-setup")).toHaveTextContent("Your clinic never sees your journal.");
    expect(screen.queryByTestId("setup-step")).not.toBeInTheDocument();
    await toPassphraseStep();
    expect(screen.getByTestId("setup-step")).toHaveTextContent("Step 1 of 3");
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 })).toHaveFocus());
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Choose a passphrase");
  });

  it("labels the passphrase fields for password managers and can show the text", async () => {
    await start();
    await toPassphraseStep();
    const field = screen.getByLabelText("Passphrase");
    expect(field).toBe(screen.getByTestId("setup-passphrase"));
    expect(field).toHaveAttribute("type", "password");
    expect(field).toHaveAttribute("autocomplete", "new-password");
    expect(screen.getByLabelText("Type it again")).toHaveAttribute("autocomplete", "new-password");
    await fireEvent.click(screen.getByRole("button", { name: "Show Passphrase" }));
    expect(field).toHaveAttribute("type", "text");
    await fireEvent.click(screen.getByRole("button", { name: "Hide Passphrase" }));
    expect(field).toHaveAttribute("type", "password");
  });

  it("updates the strength meter from the backend check, after a short pause", async () => {
    const calls = await start();
    await toPassphraseStep();
    const meter = screen.getByRole("meter", { name: "Strength" });
    expect(meter).toHaveAttribute("aria-valuetext", "Not rated yet");
    await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: "abcdefgh" } });
    expect(commandsOf(calls)).not.toContain("vault_check_passphrase");
    await waitFor(() => expect(meter).toHaveAttribute("aria-valuenow", "2"));
    expect(meter).toHaveAttribute("aria-valuetext", "Fair");
    expect(calls).toContainEqual({ cmd: "vault_check_passphrase", args: { passphrase: "abcdefgh" } });
    await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: "abcdefghijklmnopq" } });
    await waitFor(() => expect(meter).toHaveAttribute("aria-valuetext", "Very strong"));
    expect(meter).toHaveAttribute("aria-valuenow", "4");
    expect(screen.getByText("Longer is stronger: try a few unrelated words.")).toBeInTheDocument();
  });

  it("keeps Continue disabled, and says why, until the passphrase is acceptable and both match", async () => {
    const calls = await start();
    await toPassphraseStep();
    const next = screen.getByTestId("setup-create");
    const reason = screen.getByTestId("passphrase-reason");
    expect(next).toBeDisabled();
    expect(next.getAttribute("aria-describedby")).toBe(reason.id);
    expect(reason).toHaveTextContent("Type a passphrase to continue.");

    await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: "short" } });
    await fireEvent.input(screen.getByTestId("setup-confirm"), { target: { value: "short" } });
    await waitFor(() => expect(reason).toHaveTextContent("easy to guess"));
    expect(next).toBeDisabled();

    await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: good } });
    await waitFor(() => expect(reason).toHaveTextContent("don't match yet"));
    expect(next).toBeDisabled();
    expect(screen.getByTestId("setup-confirm")).toHaveAttribute("aria-invalid", "true");

    await fireEvent.input(screen.getByTestId("setup-confirm"), { target: { value: good } });
    await waitFor(() => expect(next).toBeEnabled());
    expect(reason).toHaveTextContent("The two passphrases match.");

    await fireEvent.click(next);
    await screen.findByTestId("recovery-code");
    expect(calls).toContainEqual({ cmd: "vault_create", args: { passphrase: good } });
  });

  it("shows progress while the vault is being created", async () => {
    let finish: (value: unknown) => void = () => {};
    fakeBackend(
      { vault_create: () => new Promise((resolve) => (finish = resolve)) },
      { state: "absent" },
    );
    render(App);
    await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
    await toPassphraseStep();
    await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: good } });
    await fireEvent.input(screen.getByTestId("setup-confirm"), { target: { value: good } });
    await waitFor(() => expect(screen.getByTestId("setup-create")).toBeEnabled());
    await fireEvent.click(screen.getByTestId("setup-create"));
    expect(await screen.findByText("Creating your vault…")).toBeInTheDocument();
    expect(screen.getByTestId("screen-setup")).toHaveAttribute("aria-busy", "true");
    expect(screen.getByTestId("setup-create")).toBeDisabled();
    finish({ code: testRecoveryCode });
    expect(await screen.findByTestId("recovery-code")).toHaveTextContent(testRecoveryCode);
  });

  it("shows the recovery code once and needs the saved box ticked before continuing", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    await start();
    await createVault();
    expect(screen.getByTestId("setup-step")).toHaveTextContent("Step 2 of 3");
    expect(screen.getByTestId("recovery-code")).toHaveTextContent(testRecoveryCode);
    expect(screen.queryByDisplayValue(good)).not.toBeInTheDocument();
    const next = screen.getByTestId("recovery-continue");
    expect(next).toBeDisabled();
    await fireEvent.click(screen.getByTestId("recovery-copy"));
    expect(writeText).toHaveBeenCalledWith(testRecoveryCode);
    expect(await screen.findByText(/^Copied\./)).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("recovery-saved"));
    expect(next).toBeEnabled();
    await fireEvent.click(screen.getByTestId("recovery-saved"));
    expect(next).toBeDisabled();
    await fireEvent.click(screen.getByTestId("recovery-saved"));
    await fireEvent.click(next);
    expect(await screen.findByTestId("setup-finish")).toBeInTheDocument();
    expect(screen.queryByTestId("recovery-code")).not.toBeInTheDocument();
    expect(screen.getByTestId("setup-step")).toHaveTextContent("Step 3 of 3");
  });

  it("notes when copying is not possible", async () => {
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText: () => Promise.reject(new Error("denied")) } });
    await start();
    await createVault();
    await fireEvent.click(screen.getByTestId("recovery-copy"));
    expect(await screen.findByText("Copying didn't work here. Please write the code down instead.")).toBeInTheDocument();
  });

  it("asks each time by default and does not turn on automatic unlock", async () => {
    const calls = await start();
    await toAutoUnlockStep();
    expect(screen.getByTestId("setup-ask")).toBeChecked();
    expect(screen.getByTestId("setup-auto-unlock")).not.toBeChecked();
    await fireEvent.click(screen.getByTestId("setup-finish"));
    expect(await screen.findByTestId("screen-today")).toBeInTheDocument();
    expect(commandsOf(calls)).not.toContain("vault_set_auto_unlock");
    expect(screen.getByRole("navigation", { name: "Main" })).toBeInTheDocument();
  });

  it("turns on automatic unlock only when chosen", async () => {
    const calls = await start();
    await toAutoUnlockStep();
    await fireEvent.click(screen.getByTestId("setup-auto-unlock"));
    await fireEvent.click(screen.getByTestId("setup-finish"));
    expect(await screen.findByTestId("screen-today")).toBeInTheDocument();
    expect(calls).toContainEqual({ cmd: "vault_set_auto_unlock", args: { enabled: true } });
  });

  it("disables automatic unlock with an explanation when the keyring is unavailable", async () => {
    await start({ keyringAvailable: false });
    await toAutoUnlockStep();
    const auto = screen.getByTestId("setup-auto-unlock");
    expect(auto).toBeDisabled();
    expect(auto).toHaveAccessibleDescription(/keyring can't be reached/);
  });

  it("explains a keyring failure and still lets the member finish", async () => {
    const calls = fakeBackend(
      { vault_set_auto_unlock: () => Promise.reject({ code: "keyring_unavailable", message: "secret service down" }) },
      { state: "absent" },
    );
    render(App);
    await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
    await toAutoUnlockStep();
    await fireEvent.click(screen.getByTestId("setup-auto-unlock"));
    await fireEvent.click(screen.getByTestId("setup-finish"));
    const error = await screen.findByTestId("setup-error");
    await waitFor(() => expect(error).toHaveTextContent("This device's keyring isn't available"));
    expect(error).not.toHaveTextContent("secret service down");
    expect(screen.getByTestId("setup-ask")).toBeChecked();
    await fireEvent.click(screen.getByTestId("setup-finish"));
    expect(await screen.findByTestId("screen-today")).toBeInTheDocument();
    expect(commandsOf(calls).filter((cmd) => cmd === "vault_set_auto_unlock")).toHaveLength(1);
  });

  it("has no axe violations on any step", async () => {
    await start();
    await expectNoAxeViolations("welcome");
    await toPassphraseStep();
    await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: good } });
    await waitFor(() => expect(screen.getByRole("meter")).toHaveAttribute("aria-valuenow", "4"));
    await expectNoAxeViolations("passphrase");
    await fireEvent.input(screen.getByTestId("setup-confirm"), { target: { value: good } });
    await waitFor(() => expect(screen.getByTestId("setup-create")).toBeEnabled());
    await fireEvent.click(screen.getByTestId("setup-create"));
    await screen.findByTestId("recovery-code");
    await expectNoAxeViolations("recovery");
    await fireEvent.click(screen.getByTestId("recovery-saved"));
    await fireEvent.click(screen.getByTestId("recovery-continue"));
    await screen.findByTestId("setup-finish");
    await expectNoAxeViolations("auto-unlock");
  });
});
