import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../src/App.svelte";
import { expectNoAxeViolations } from "./a11y";
import { commandsOf, fakeBackend, reject, suggestions, testRecoveryCode, type Call } from "./ipc";
import type { RecoveryCode } from "../src/lib/bindings/types";

const good = "maple window cloud";

async function start(vault: Parameters<typeof fakeBackend>[1] = {}): Promise<Call[]> {
  const calls = fakeBackend({}, { state: "absent", ...vault });
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  return calls;
}

async function toPassphraseStep(): Promise<void> {
  await fireEvent.click(screen.getByTestId("setup-start"));
  await fireEvent.click(await screen.findByTestId("setup-privacy-continue"));
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
    expect(screen.getByTestId("screen-setup")).toHaveTextContent("unless you choose to share them");
    expect(screen.queryByTestId("setup-step")).not.toBeInTheDocument();
    // Before anything is written: what is kept, what may leave, what never does.
    await fireEvent.click(screen.getByTestId("setup-start"));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 })).toHaveFocus());
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("What Alongside keeps and sends");
    expect(screen.getByTestId("setup-step")).toHaveTextContent("Step 1 of 4");
    const statement = screen.getByTestId("privacy-statement");
    expect(statement).toHaveTextContent("What never leaves");
    expect(statement).toHaveTextContent("Your journal, your moods, your practice notes and your safety plan never leave this computer.");
    expect(statement).toHaveTextContent("Nobody reads your answers as you write them");
    await expectNoAxeViolations("setup, privacy");
    await fireEvent.click(screen.getByTestId("setup-privacy-continue"));
    await screen.findByTestId("setup-passphrase");
    expect(screen.getByTestId("setup-step")).toHaveTextContent("Step 2 of 4");
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
    expect(meter).toHaveAttribute("aria-valuetext", "Almost strong enough");
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
    const weak = screen.getByTestId("passphrase-weak");
    expect(next).toBeDisabled();
    expect(next.getAttribute("aria-describedby")).toBe(`${weak.id} ${reason.id}`);
    expect(reason).toHaveTextContent("Type a passphrase to continue.");

    await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: "short" } });
    await fireEvent.input(screen.getByTestId("setup-confirm"), { target: { value: "short" } });
    await waitFor(() => expect(weak).toHaveTextContent("easy to guess"));
    expect(reason).toBeEmptyDOMElement();
    expect(next).toHaveAccessibleDescription(/easy to guess/);
    expect(next).toBeDisabled();

    await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: good } });
    await waitFor(() => expect(reason).toHaveTextContent("don't match yet"));
    expect(weak).toBeEmptyDOMElement();
    expect(next).toBeDisabled();
    expect(screen.getByTestId("setup-confirm")).toHaveAttribute("aria-invalid", "true");

    await fireEvent.input(screen.getByTestId("setup-confirm"), { target: { value: good } });
    await waitFor(() => expect(next).toBeEnabled());
    expect(reason).toHaveTextContent("The two passphrases match.");

    await fireEvent.click(next);
    await screen.findByTestId("recovery-code");
    expect(calls).toContainEqual({ cmd: "vault_create", args: { passphrase: good } });
  });

  it("says a passphrase is easy to guess under that field, not under the one that repeats it", async () => {
    await start();
    await toPassphraseStep();
    const field = screen.getByTestId("setup-passphrase");
    const repeat = screen.getByTestId("setup-confirm");
    await fireEvent.input(field, { target: { value: "short" } });
    const weak = screen.getByTestId("passphrase-weak");
    await waitFor(() => expect(weak).toHaveTextContent("This one would be easy to guess."));
    // Linked to the passphrase field and shown in its part of the form, before the second field.
    expect(field.getAttribute("aria-describedby")?.split(" ")).toContain(weak.id);
    expect(field).toHaveAccessibleDescription(/easy to guess/);
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(weak.compareDocumentPosition(repeat) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(repeat).not.toHaveAccessibleDescription(/easy to guess/);
    expect(screen.getByTestId("passphrase-reason")).not.toHaveTextContent("easy to guess");
  });

  it("says why the passphrase must be strong", async () => {
    await start();
    await toPassphraseStep();
    expect(screen.getByTestId("setup-passphrase")).toHaveAccessibleDescription(
      /someone who copies your files \(a backup on a USB stick, say\) could try guesses on their own computer, where Alongside can't slow them down/,
    );
  });

  it("suggests a passphrase in the app's language, shown so it can be written down", async () => {
    const calls = await start();
    await toPassphraseStep();
    const field = screen.getByTestId("setup-passphrase");
    expect(field).toHaveAttribute("type", "password");
    await fireEvent.click(screen.getByRole("button", { name: "Suggest a passphrase" }));
    await waitFor(() => expect(field).toHaveValue(suggestions.en));
    expect(calls).toContainEqual({ cmd: "vault_suggest_passphrase", args: { language: "en" } });
    expect(field).toHaveAttribute("type", "text");
    expect(screen.getByTestId("setup-confirm")).toHaveValue("");
    expect(screen.getByTestId("setup-passphrase-suggested")).toHaveTextContent("Write them down somewhere safe");
    await waitFor(() => expect(screen.getByRole("meter")).toHaveAttribute("aria-valuetext", "Very strong"));
    expect(calls).toContainEqual({ cmd: "vault_check_passphrase", args: { passphrase: suggestions.en } });
    await fireEvent.input(screen.getByTestId("setup-confirm"), { target: { value: suggestions.en } });
    await waitFor(() => expect(screen.getByTestId("setup-create")).toBeEnabled());
    await expectNoAxeViolations("suggested passphrase");
    // Changing it is fine; the note about the suggestion then goes away.
    await fireEvent.input(field, { target: { value: `${suggestions.en} extra` } });
    expect(screen.getByTestId("setup-passphrase-suggested")).toBeEmptyDOMElement();
  });

  it("suggests Spanish words when the app is in Spanish", async () => {
    const calls = fakeBackend({ settings_get: () => ({ language: "es", autoLockMinutes: 5, closeToTray: null, crisisCountry: null, clinicCountry: null, helpContact: null }) }, { state: "absent" });
    render(App);
    await screen.findByRole("heading", { level: 1, name: "Te damos la bienvenida a Alongside" });
    await toPassphraseStep();
    await fireEvent.click(screen.getByRole("button", { name: "Sugerir una frase de contraseña" }));
    await waitFor(() => expect(screen.getByTestId("setup-passphrase")).toHaveValue(suggestions.es));
    expect(calls).toContainEqual({ cmd: "vault_suggest_passphrase", args: { language: "es" } });
  });

  it("shows progress while the vault is being created", async () => {
    let finish: (value: RecoveryCode) => void = () => {};
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
    const calls = await start();
    await createVault();
    expect(screen.getByTestId("setup-step")).toHaveTextContent("Step 3 of 4");
    const shown = screen.getByTestId("recovery-code");
    // One string to copy, read out as it is written; a dash starts a group, so none ends a line.
    expect(shown.textContent).toBe(testRecoveryCode);
    const groups = [...shown.querySelectorAll(".group")].map((g) => g.textContent);
    expect(groups).toEqual(testRecoveryCode.split("-").map((g, i) => (i === 0 ? g : `-${g}`)));
    expect(screen.queryByDisplayValue(good)).not.toBeInTheDocument();
    const next = screen.getByTestId("recovery-continue");
    expect(next).toBeDisabled();
    await fireEvent.click(screen.getByTestId("recovery-copy"));
    await waitFor(() => expect(calls).toContainEqual({ cmd: "clipboard_copy_secret", args: { text: testRecoveryCode } }));
    // The backend copies it, so it can clear it again; the page's clipboard is never used.
    expect(writeText).not.toHaveBeenCalled();
    const note = await screen.findByText(/^Copied\./);
    expect(note).toHaveTextContent("The clipboard will be cleared in a minute");
    expect(note).toHaveAttribute("role", "status");
    await fireEvent.click(screen.getByTestId("recovery-saved"));
    expect(next).toBeEnabled();
    await fireEvent.click(screen.getByTestId("recovery-saved"));
    expect(next).toBeDisabled();
    await fireEvent.click(screen.getByTestId("recovery-saved"));
    await fireEvent.click(next);
    expect(await screen.findByTestId("setup-finish")).toBeInTheDocument();
    expect(screen.queryByTestId("recovery-code")).not.toBeInTheDocument();
    expect(screen.getByTestId("setup-step")).toHaveTextContent("Step 4 of 4");
  });

  it("notes when copying is not possible", async () => {
    fakeBackend({ clipboard_copy_secret: reject({ code: "clipboard_unavailable", message: "no display" }) }, { state: "absent" });
    render(App);
    await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
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

  it("turns on automatic unlock only when chosen, with the passphrase typed once more", async () => {
    const calls = await start();
    await toAutoUnlockStep();
    expect(screen.queryByTestId("setup-auto-unlock-passphrase")).not.toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("setup-auto-unlock"));
    const field = await screen.findByLabelText("Your Alongside passphrase");
    expect(field).toBe(screen.getByTestId("setup-auto-unlock-passphrase"));
    expect(field).toHaveAccessibleDescription(/type the passphrase you just chose once more/);
    await fireEvent.input(field, { target: { value: good } });
    await fireEvent.submit(field.closest("form") as HTMLFormElement);
    expect(await screen.findByTestId("screen-today")).toBeInTheDocument();
    expect(calls).toContainEqual({ cmd: "vault_set_auto_unlock", args: { enabled: true, passphrase: good } });
  });

  it("explains a wrong passphrase for automatic unlock and still lets the member finish", async () => {
    const calls = await start();
    await toAutoUnlockStep();
    await fireEvent.click(screen.getByTestId("setup-auto-unlock"));
    const field = await screen.findByTestId("setup-auto-unlock-passphrase");
    await fireEvent.input(field, { target: { value: "maple window clouds" } });
    await fireEvent.click(screen.getByTestId("setup-finish"));
    const error = screen.getByTestId("setup-auto-unlock-passphrase-error");
    await waitFor(() => expect(error).toHaveTextContent("That passphrase doesn't match."));
    expect(field).toHaveValue("");
    expect(field).toHaveFocus();
    expect(screen.getByTestId("screen-setup")).toBeInTheDocument();
    expect(calls).toContainEqual({ cmd: "vault_set_auto_unlock", args: { enabled: true, passphrase: "maple window clouds" } });
    await expectNoAxeViolations("auto-unlock wrong passphrase");
    await fireEvent.click(screen.getByTestId("setup-ask"));
    await fireEvent.click(screen.getByTestId("setup-finish"));
    expect(await screen.findByTestId("screen-today")).toBeInTheDocument();
    expect(commandsOf(calls).filter((cmd) => cmd === "vault_set_auto_unlock")).toHaveLength(1);
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
    await fireEvent.input(await screen.findByTestId("setup-auto-unlock-passphrase"), { target: { value: good } });
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
