import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fakeBackend, type Call } from "./ipc";

async function openSettings(overrides: Parameters<typeof fakeBackend>[0] = {}): Promise<Call[]> {
  const calls = fakeBackend(overrides);
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  await fireEvent.click(screen.getByTestId("nav-settings"));
  await screen.findByTestId("backups");
  return calls;
}

describe("Settings → Backups and your data", () => {
  it("takes focus when opened from the empty journal's link", async () => {
    location.hash = "#/settings/data";
    fakeBackend();
    render(App);
    const heading = await screen.findByRole("heading", { name: "Backups and your data" });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    location.hash = "";
  });

  it("exports only after the member acknowledges the files are not encrypted", async () => {
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
    await fireEvent.click(markdown);
    await waitFor(() =>
      expect(screen.getByTestId("export-done").textContent).toContain(
        "Entries exported: 3. Saved to /home/member/Alongside 2026-11-27",
      ),
    );
    await expectNoAxeViolations("data");
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
    const items = screen.getAllByTestId("backup-item").map((li) => li.textContent);
    expect(items).toEqual(["Friday, November 27, 2026 2.4 MB", "Thursday, November 26, 2026 1 KB"]);
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
});
