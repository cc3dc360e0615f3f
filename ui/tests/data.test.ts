import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { tick } from "svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../src/App.svelte";
import type { BackupSettings } from "../src/lib/bindings/types";
import { expectNoAxeViolations } from "./a11y";
import { commandsOf, fakeBackend, suggestions, testPassphrase, type Call, type FakeHandlers } from "./ipc";

async function openSettings(overrides: Parameters<typeof fakeBackend>[0] = {}): Promise<Call[]> {
  const calls = fakeBackend(overrides);
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  await fireEvent.click(screen.getByTestId("nav-settings"));
  await screen.findByTestId("backups");
  return calls;
}

const savedBackups: BackupSettings = {
  ready: true,
  folder: "/media/usb/alongside",
  automatic: true,
  backups: [],
  lastError: null,
};

const tooManyTries = (status: { wait: number | null }): FakeHandlers => ({
  vault_status: () => ({ state: "unlocked" as const, autoUnlock: false, keyringAvailable: true, autoUnlockFailed: false, retryAfterSecs: status.wait }),
});

async function typeInto(testid: string, value: string): Promise<void> {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

function callsTo(calls: Call[], cmd: string): Record<string, unknown>[] {
  return calls.filter((call) => call.cmd === cmd).map((call) => call.args as Record<string, unknown>);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Settings → Backups and your data", () => {
  it("takes focus when opened from the empty journal's link", async () => {
    location.hash = "#/settings/data";
    fakeBackend();
    render(App);
    const heading = await screen.findByRole("heading", { name: "Backups and your data" });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    location.hash = "";
  });

  it("exports only after the member acknowledges the files are not encrypted and types the passphrase", async () => {
    const calls = await openSettings({
      export_markdown: (args) => ({ path: `${String(args.folder)}/Alongside 2026-11-27`, count: 3 }),
    });
    const markdown = screen.getByTestId("export-markdown") as HTMLButtonElement;
    await waitFor(() => expect((screen.getByTestId("export-folder") as HTMLInputElement).value).toBe("/home/member"));
    expect(markdown.disabled).toBe(true);
    expect(screen.getByTestId("export-warning").textContent).toMatch(/NOT encrypted/);
    await fireEvent.click(markdown);
    expect(calls.some((c) => c.cmd === "export_markdown")).toBe(false);

    await fireEvent.click(screen.getByLabelText("I understand these files won't be encrypted"));
    expect(markdown.disabled).toBe(false);
    const field = screen.getByTestId("export-passphrase");
    expect(field).toHaveAccessibleName("Your Alongside passphrase");
    expect(field).toHaveAccessibleDescription(/To export, type the passphrase you use to unlock Alongside/);
    await typeInto("export-passphrase", testPassphrase);
    await fireEvent.click(markdown);
    await waitFor(() =>
      expect(screen.getByTestId("export-done").textContent).toContain(
        "Entries exported: 3. Saved to /home/member/Alongside 2026-11-27",
      ),
    );
    expect(callsTo(calls, "export_markdown")).toEqual([{ folder: "/home/member", understood: true, passphrase: testPassphrase }]);
    expect(field).toHaveValue("");
    await expectNoAxeViolations("data");
  });

  it("refuses a plain export with a wrong passphrase and says so beside the field", async () => {
    const calls = await openSettings();
    await fireEvent.click(screen.getByTestId("export-understood"));
    await typeInto("export-passphrase", "not my passphrase");
    await fireEvent.click(screen.getByTestId("export-json"));
    const error = screen.getByTestId("export-passphrase-error");
    await waitFor(() => expect(error).toHaveTextContent("That passphrase doesn't match. Check Caps Lock and try again."));
    expect(callsTo(calls, "export_json")).toEqual([{ folder: "/home/member", understood: true, passphrase: "not my passphrase" }]);
    const field = screen.getByTestId("export-passphrase");
    expect(field).toHaveValue("");
    expect(field).toHaveFocus();
    expect(field).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(screen.getByTestId("export-done")).toBeEmptyDOMElement());
    expect(screen.getByTestId("export-error")).toBeEmptyDOMElement();
    await expectNoAxeViolations("export wrong passphrase");
  });

  it("exports with Enter in the passphrase field, and never sends an empty passphrase", async () => {
    const calls = await openSettings();
    await fireEvent.click(screen.getByTestId("export-understood"));
    const form = screen.getByTestId("export-passphrase").closest("form") as HTMLFormElement;
    await fireEvent.submit(form);
    expect(screen.getByTestId("export-passphrase-error")).toHaveTextContent("Please type your Alongside passphrase to confirm this.");
    expect(commandsOf(calls)).not.toContain("export_markdown");
    await typeInto("export-passphrase", testPassphrase);
    await fireEvent.submit(form);
    await waitFor(() => expect(screen.getByTestId("export-done")).toHaveTextContent("Entries exported: 0."));
    expect(callsTo(calls, "export_markdown")).toEqual([{ folder: "/home/member", understood: true, passphrase: testPassphrase }]);
    expect(screen.getByTestId("export-passphrase-error")).toBeEmptyDOMElement();
  });

  it("counts down after too many tries before exporting can be tried again", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const status = { wait: null as number | null };
    await openSettings({
      ...tooManyTries(status),
      export_markdown: () => {
        status.wait = 2;
        return Promise.reject({ code: "too_many_attempts", message: "slow down" });
      },
    });
    await fireEvent.click(screen.getByTestId("export-understood"));
    await typeInto("export-passphrase", "guess");
    await fireEvent.click(screen.getByTestId("export-markdown"));
    await waitFor(() => expect(screen.getByTestId("export-passphrase-wait")).toHaveTextContent("Please wait 2 seconds before trying again."));
    expect(screen.getByTestId("export-passphrase-error")).toHaveTextContent("Alongside is taking a short pause");
    await waitFor(() => expect(screen.getByTestId("export")).toHaveAttribute("aria-busy", "false"));
    expect(screen.getByTestId("export-markdown")).toBeDisabled();
    expect(screen.getByTestId("export-json")).toHaveAccessibleDescription("Please wait 2 seconds before trying again.");
    vi.advanceTimersByTime(2000);
    await tick();
    expect(screen.getByTestId("export-markdown")).toBeEnabled();
  });

  it("reports what an import did, reason by reason", async () => {
    await openSettings({
      import_journal: () => ({
        format: "dayOne",
        imported: 12,
        alreadyThere: 2,
        skipped: [
          { index: 3, reason: "badDate" },
          { index: 5, reason: "badDate" },
          { index: 9, reason: "empty" },
        ],
      }),
    });
    await fireEvent.input(screen.getByTestId("import-path"), { target: { value: "/home/member/Journal.json" } });
    await fireEvent.click(screen.getByTestId("import-submit"));
    const report = await screen.findByText("Entries imported from Day One: 12.");
    expect(report).toBeTruthy();
    const text = screen.getByTestId("import-report").textContent ?? "";
    expect(text).toContain("Already in your journal, so not added again: 2.");
    expect(text).toContain("Left out because their date couldn't be read: 2.");
    expect(text).toContain("Left out because they were empty: 1.");
    expect(text).not.toContain("too long");
  });

  it("shows how far an import has got and stops it on request", async () => {
    let finish: (report: never) => void = () => {};
    const calls = await openSettings({
      import_journal: () => new Promise((resolve) => (finish = resolve as never)),
      transfer_cancel: () => {
        finish(Promise.reject({ code: "transfer_cancelled", message: "called off" }) as never);
        return true;
      },
    });
    await fireEvent.input(screen.getByTestId("import-path"), { target: { value: "/home/member/jrnl.json" } });
    await fireEvent.click(screen.getByTestId("import-submit"));
    await waitFor(() => expect(screen.getByTestId("import-progress-text")).toHaveTextContent("Reading the file…"));
    await emit("transfer-progress", { job: "import", done: 2500, total: 10000, unit: "entries", cancellable: true });
    await waitFor(() => expect(screen.getByTestId("import-progress-text")).toHaveTextContent("2,500 of 10,000 entries"));
    const bar = screen.getByRole("progressbar", { name: "2,500 of 10,000 entries" });
    expect(bar).toHaveAttribute("value", "25");
    // Another job's progress is not this one's.
    await emit("transfer-progress", { job: "restore", done: 1, total: 2, unit: "entries", cancellable: true });
    expect(screen.getByTestId("import-progress-text")).toHaveTextContent("2,500 of 10,000 entries");
    await expectNoAxeViolations("import in progress");
    await fireEvent.click(screen.getByTestId("import-progress-stop"));
    await waitFor(() => expect(screen.getByTestId("import-error")).toHaveTextContent("Stopped. Nothing was changed."));
    expect(commandsOf(calls)).toContain("transfer_cancel");
    expect(screen.queryByTestId("import-progress")).toBeNull();
  });

  it("offers no stop once a transfer is saving what it did", async () => {
    await openSettings({ import_journal: () => new Promise(() => {}) });
    await fireEvent.input(screen.getByTestId("import-path"), { target: { value: "/home/member/jrnl.json" } });
    await fireEvent.click(screen.getByTestId("import-submit"));
    await screen.findByTestId("import-progress");
    await emit("transfer-progress", { job: "import", done: 10, total: 10, unit: "entries", cancellable: false });
    await waitFor(() => expect(screen.getByTestId("import-progress-text")).toHaveTextContent("Saving… almost done."));
    expect(screen.queryByTestId("import-progress-stop")).toBeNull();
  });

  it("fills a path from the desktop's file chooser and keeps it when cancelled", async () => {
    const answers: (string | null)[] = ["/home/member/Journal.json", null];
    const calls = await openSettings({ choose_path: () => answers.shift() ?? null });
    const field = screen.getByTestId("import-path") as HTMLInputElement;
    await fireEvent.click(screen.getByRole("button", { name: "Choose… — File to import" }));
    await waitFor(() => expect(field.value).toBe("/home/member/Journal.json"));
    await fireEvent.click(screen.getByTestId("import-path-choose"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "choose_path")).toHaveLength(2));
    expect(calls[calls.length - 1]?.args).toMatchObject({ kind: "import", start: "/home/member/Journal.json" });
    expect(field.value).toBe("/home/member/Journal.json");
  });

  it("explains a zip that holds no journal", async () => {
    await openSettings({
      import_journal: () => {
        throw { code: "import_zip", message: "the file is a zip archive" };
      },
    });
    await fireEvent.input(screen.getByTestId("import-path"), { target: { value: "/home/member/export.zip" } });
    await fireEvent.click(screen.getByTestId("import-submit"));
    await waitFor(() => expect(screen.getByTestId("import-error").textContent).toMatch(/doesn't hold a Day One journal/));
  });

  it("lists backups with their dates and lets the passphrase change be called off", async () => {
    await openSettings({
      backup_settings: () => ({
        ready: true,
        folder: "/media/usb/alongside",
        automatic: true,
        backups: [
          { path: "/media/usb/alongside/alongside-backup-2026-11-27.age", date: "2026-11-27", bytes: 2_500_000 },
          { path: "/media/usb/alongside/alongside-backup-2026-11-26.age", date: "2026-11-26", bytes: 800 },
        ],
        lastError: "file_permission",
      }),
    });
    // The day it was made as the row's name, its size in words on a quieter line of its own.
    const items = screen.getAllByTestId("backup-item").map((li) => [
      li.querySelector(".item-name[data-testid='backup-item-date']")?.textContent,
      li.querySelector(".item-meta[data-testid='backup-item-size']")?.textContent,
    ]);
    expect(items).toEqual([
      ["Friday, November 27, 2026", "Size: 2.4 MB"],
      ["Thursday, November 26, 2026", "Size: 1 KB"],
    ]);
    expect(screen.getByTestId("backup-list").textContent).not.toMatch(/·/);
    expect(screen.getByTestId("backup-last-error").textContent).toMatch(/isn't allowed to use that file or folder/);
    expect((screen.getByTestId("restore-path") as HTMLInputElement).value).toBe(
      "/media/usb/alongside/alongside-backup-2026-11-27.age",
    );
    expect(screen.queryByTestId("backup-passphrase")).toBeNull();
    await fireEvent.click(screen.getByTestId("backup-change-passphrase"));
    expect(screen.getByTestId("backup-passphrase")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("backup-keep-passphrase"));
    expect(screen.queryByTestId("backup-passphrase")).toBeNull();
  });

  it("asks for a backup passphrase before backups can be turned on", async () => {
    const calls = await openSettings();
    const save = screen.getByTestId("backup-save") as HTMLButtonElement;
    expect(save.textContent?.trim()).toBe("Turn on backups");
    expect(save.disabled).toBe(true);
    expect(screen.queryByTestId("backup-now")).toBeNull();
    await fireEvent.click(save);
    expect(calls.some((c) => c.cmd === "backup_configure")).toBe(false);
  });

  it("turns backups on with the vault passphrase typed to confirm", async () => {
    const calls = await openSettings();
    const backup = "harbour lilac compass drift";
    await typeInto("backup-folder", "/media/usb/alongside");
    await typeInto("backup-passphrase", backup);
    await typeInto("backup-confirm", backup);
    const vault = screen.getByTestId("backup-vault-passphrase");
    expect(vault).toHaveAccessibleName("Your Alongside passphrase");
    expect(vault).toHaveAccessibleDescription(/type the passphrase you use to unlock Alongside/);
    await typeInto("backup-vault-passphrase", testPassphrase);
    await waitFor(() => expect(screen.getByTestId("backup-save")).toBeEnabled());
    await fireEvent.click(screen.getByTestId("backup-save"));
    await waitFor(() => expect(screen.getByTestId("backup-done")).toHaveTextContent("Backup settings saved."));
    expect(callsTo(calls, "backup_configure")).toEqual([
      { passphrase: backup, folder: "/media/usb/alongside", automatic: true, vaultPassphrase: testPassphrase },
    ]);
    // Saved: nothing more to confirm until the folder or the backup passphrase changes again.
    expect(screen.queryByTestId("backup-vault-passphrase")).not.toBeInTheDocument();
    // Starting another change takes "saved" away: it is not left under a Save waiting for input.
    await fireEvent.click(screen.getByTestId("backup-change-passphrase"));
    expect(screen.getByTestId("backup-save")).toBeDisabled();
    expect(screen.getByTestId("backup-done")).toBeEmptyDOMElement();
  });

  it("keeps the new backup passphrase after a wrong vault passphrase and says why", async () => {
    const calls = await openSettings();
    const backup = "harbour lilac compass drift";
    await typeInto("backup-passphrase", backup);
    await typeInto("backup-confirm", backup);
    await typeInto("backup-vault-passphrase", "not my passphrase");
    await waitFor(() => expect(screen.getByTestId("backup-save")).toBeEnabled());
    await fireEvent.click(screen.getByTestId("backup-save"));
    const error = screen.getByTestId("backup-vault-passphrase-error");
    await waitFor(() => expect(error).toHaveTextContent("That passphrase doesn't match."));
    expect(callsTo(calls, "backup_configure")[0]).toMatchObject({ passphrase: backup, vaultPassphrase: "not my passphrase" });
    expect(screen.getByTestId("backup-vault-passphrase")).toHaveValue("");
    expect(screen.getByTestId("backup-vault-passphrase")).toHaveFocus();
    expect(screen.getByTestId("backup-passphrase")).toHaveValue(backup);
    expect(screen.getByTestId("backup-done")).toBeEmptyDOMElement();
    expect(screen.queryByTestId("backup-now")).toBeNull();
    await expectNoAxeViolations("backup wrong passphrase");
  });

  it("toggles daily backups and saves an unchanged folder without asking for the passphrase", async () => {
    const calls = await openSettings({ backup_settings: () => savedBackups, backup_configure: (args) => ({ ...savedBackups, automatic: args.automatic }) });
    expect(screen.queryByTestId("backup-vault-passphrase")).not.toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("backup-automatic"));
    await waitFor(() => expect(callsTo(calls, "backup_configure")).toHaveLength(1));
    expect(callsTo(calls, "backup_configure")[0]).toEqual({ passphrase: null, folder: "/media/usb/alongside", automatic: false, vaultPassphrase: null });
    await fireEvent.click(screen.getByTestId("backup-save"));
    await waitFor(() => expect(callsTo(calls, "backup_configure")).toHaveLength(2));
    expect(callsTo(calls, "backup_configure")[1]).toMatchObject({ passphrase: null, folder: "/media/usb/alongside", vaultPassphrase: null });
    expect(screen.queryByTestId("backup-vault-passphrase")).not.toBeInTheDocument();
  });

  it("asks for the vault passphrase when the backup folder or passphrase changes", async () => {
    const calls = await openSettings({ backup_settings: () => savedBackups });
    await typeInto("backup-folder", "/home/member/elsewhere");
    const vault = await screen.findByTestId("backup-vault-passphrase");
    await typeInto("backup-folder", "/media/usb/alongside");
    await waitFor(() => expect(vault).not.toBeInTheDocument());
    await fireEvent.click(screen.getByTestId("backup-change-passphrase"));
    expect(screen.getByTestId("backup-vault-passphrase")).toBeInTheDocument();
    expect(screen.getByTestId("backup-passphrase")).toHaveAccessibleDescription(/try guesses on their own computer/);
    await fireEvent.click(screen.getByTestId("backup-keep-passphrase"));
    expect(screen.queryByTestId("backup-vault-passphrase")).not.toBeInTheDocument();

    await typeInto("backup-folder", "/home/member/elsewhere");
    await typeInto("backup-vault-passphrase", testPassphrase);
    await fireEvent.submit(screen.getByTestId("backup-vault-passphrase").closest("form") as HTMLFormElement);
    await waitFor(() => expect(callsTo(calls, "backup_configure")).toHaveLength(1));
    expect(callsTo(calls, "backup_configure")[0]).toEqual({
      passphrase: null,
      folder: "/home/member/elsewhere",
      automatic: true,
      vaultPassphrase: testPassphrase,
    });
  });

  it("asks for the vault passphrase when the backend wants it where the screen did not expect it", async () => {
    await openSettings({
      backup_settings: () => savedBackups,
      backup_configure: () => Promise.reject({ code: "passphrase_required", message: "vault passphrase" }),
    });
    await fireEvent.click(screen.getByTestId("backup-save"));
    const field = await screen.findByTestId("backup-vault-passphrase");
    await waitFor(() => expect(screen.getByTestId("backup-vault-passphrase-error")).toHaveTextContent("Please type your Alongside passphrase"));
    await waitFor(() => expect(field).toHaveFocus());
  });

  it("suggests a backup passphrase in the app's language", async () => {
    const calls = await openSettings();
    await fireEvent.click(screen.getByTestId("backup-passphrase-suggest"));
    await waitFor(() => expect(screen.getByTestId("backup-passphrase")).toHaveValue(suggestions.en));
    expect(screen.getByTestId("backup-passphrase")).toHaveAttribute("type", "text");
    expect(calls).toContainEqual({ cmd: "vault_suggest_passphrase", args: { language: "en" } });
    // The vault passphrase is never filled in for the member.
    expect(screen.getByTestId("backup-vault-passphrase")).toHaveValue("");
  });
});
