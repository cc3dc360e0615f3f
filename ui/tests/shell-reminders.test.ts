import { emit } from "@tauri-apps/api/event";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import type { ReminderShown } from "../src/lib/bindings/types";
import { expectNoAxeViolations } from "./a11y";
import { fail, fakeBackend, type Call } from "./ipc";

function argsOf(calls: Call[], cmd: string): unknown[] {
  return calls.filter((call) => call.cmd === cmd).map((call) => call.args);
}

function shown(key: string, onDesktop = false): ReminderShown {
  return {
    notice: {
      key,
      summary: "Alongside",
      body: `Your group session starts in 15 minutes (${key})`,
      actions: [
        ["join", "Join"],
        ["snooze", "Snooze 10 minutes"],
        ["open", "Open Alongside"],
      ],
    },
    onDesktop,
    screen: "sessions",
  };
}

async function startApp(overrides: Parameters<typeof fakeBackend>[0] = {}): Promise<Call[]> {
  const calls = fakeBackend(overrides);
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  return calls;
}

describe("A reminder the desktop could not show", () => {
  it("appears in the window with its buttons, and each one acts on it", async () => {
    const calls = await startApp();
    await emit("reminder-shown", shown("k1"));
    const banner = await screen.findByTestId("reminder-banner");
    expect(banner).toHaveTextContent("Your group session starts in 15 minutes (k1)");
    expect(banner.closest("[role=status]")).toBe(screen.getByRole("status", { name: "Reminders" }));
    // "Open Alongside" is for a desktop notification: in the window it would do nothing.
    expect(within(banner).getAllByRole("button").map((b) => b.textContent?.trim())).toEqual(["Join", "Snooze 10 minutes", "Dismiss"]);
    // Only one main step: Join.
    expect([...banner.querySelectorAll(".primary")].map((b) => b.textContent?.trim())).toEqual(["Join"]);
    await expectNoAxeViolations("reminder banner");
    await fireEvent.click(within(banner).getByRole("button", { name: "Snooze 10 minutes" }));
    await waitFor(() => expect(screen.queryByTestId("reminder-banner")).not.toBeInTheDocument());
    expect(argsOf(calls, "reminder_act")).toEqual([{ key: "k1", action: "snooze" }]);

    await emit("reminder-shown", shown("k2"));
    await fireEvent.click(await screen.findByRole("button", { name: "Join" }));
    await waitFor(() => expect(argsOf(calls, "reminder_act")).toContainEqual({ key: "k2", action: "join" }));
  });

  it("does not repeat what the desktop already showed", async () => {
    await startApp();
    await emit("reminder-shown", shown("k1", true));
    await emit("reminder-shown", shown("k2"));
    await screen.findByTestId("reminder-banner");
    expect(screen.getAllByTestId("reminder-banner")).toHaveLength(1);
    expect(screen.getByTestId("reminder-banner")).toHaveTextContent("(k2)");
  });

  it("stacks several, and Dismiss takes one away without acting on it", async () => {
    const calls = await startApp();
    await emit("reminder-shown", shown("k1"));
    await emit("reminder-shown", shown("k2"));
    await waitFor(() => expect(screen.getAllByTestId("reminder-banner")).toHaveLength(2));
    await fireEvent.click(within(screen.getAllByTestId("reminder-banner")[0] as HTMLElement).getByRole("button", { name: "Dismiss" }));
    await waitFor(() => expect(screen.getAllByTestId("reminder-banner")).toHaveLength(1));
    expect(screen.getByTestId("reminder-banner")).toHaveTextContent("(k2)");
    // Focus stays nearby: on the one that is left.
    expect(within(screen.getByTestId("reminder-banner")).getByRole("button", { name: "Dismiss" })).toHaveFocus();
    expect(argsOf(calls, "reminder_act")).toEqual([]);
  });

  it("says why when a button did not work, and keeps the reminder", async () => {
    await startApp({ reminder_act: () => fail("internal") });
    await emit("reminder-shown", shown("k1"));
    await fireEvent.click(await screen.findByRole("button", { name: "Snooze 10 minutes" }));
    expect(await screen.findByTestId("reminder-error")).toHaveTextContent("Something went wrong inside Alongside.");
    expect(screen.getByTestId("reminder-banner")).toBeInTheDocument();
  });

  it("goes when Alongside locks, since it may name a session", async () => {
    await startApp();
    await emit("reminder-shown", shown("k1"));
    await screen.findByTestId("reminder-banner");
    await fireEvent.click(screen.getByTestId("lock-button"));
    await screen.findByTestId("screen-unlock");
    expect(screen.queryByTestId("reminder-banner")).not.toBeInTheDocument();
  });
});

describe("Opening a screen from the tray or a notification", () => {
  it("goes to the screen asked for", async () => {
    await startApp();
    await emit("open-screen", "journal");
    expect(await screen.findByTestId("screen-journal")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/journal");
    await emit("open-screen", "settings");
    expect(await screen.findByTestId("screen-settings")).toBeInTheDocument();
  });

  it("opens Need help now for “help”", async () => {
    await startApp();
    await emit("open-screen", "help");
    await waitFor(() => expect(screen.getByTestId("help-panel")).toHaveAttribute("open"));
    expect(screen.getByTestId("screen-today")).toBeInTheDocument();
  });

  it("ignores a screen it does not know", async () => {
    await startApp();
    await emit("open-screen", "nowhere");
    await emit("open-screen", "journal");
    expect(await screen.findByTestId("screen-journal")).toBeInTheDocument();
  });
});

describe("Closing the window the first time", () => {
  async function asked(overrides: Parameters<typeof fakeBackend>[0] = {}) {
    const calls = await startApp(overrides);
    screen.getByTestId("help-button").focus();
    await emit("close-asked");
    const dialog = await screen.findByRole("dialog", { name: "Keep Alongside running?" });
    await waitFor(() => expect(dialog).toHaveAttribute("open"));
    return { calls, dialog };
  }

  it("asks plainly, with the gentler choice focused and Don't ask again ticked", async () => {
    const { calls, dialog } = await asked();
    expect(dialog).toHaveAccessibleDescription(
      "Closing the window keeps Alongside in the tray, so your reminders still come. You can change this in Settings.",
    );
    expect(within(dialog).getByRole("checkbox", { name: "Don't ask again" })).toBeChecked();
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Keep running in the tray" })).toHaveFocus());
    await expectNoAxeViolations("close dialog");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Keep running in the tray" }));
    await waitFor(() => expect(argsOf(calls, "shell_close")).toEqual([{ keepRunning: true, remember: true }]));
    await waitFor(() => expect(dialog).not.toHaveAttribute("open"));
  });

  it("quits without remembering when Don't ask again is unticked", async () => {
    const { calls, dialog } = await asked();
    await fireEvent.click(within(dialog).getByRole("checkbox", { name: "Don't ask again" }));
    await fireEvent.click(within(dialog).getByRole("button", { name: "Quit Alongside" }));
    await waitFor(() => expect(argsOf(calls, "shell_close")).toEqual([{ keepRunning: false, remember: false }]));
  });

  it("keeps the window open and decides nothing on Escape", async () => {
    const { calls, dialog } = await asked();
    await fireEvent.keyDown(dialog, { key: "Escape" });
    expect(dialog).not.toHaveAttribute("open");
    expect(argsOf(calls, "shell_close")).toEqual([]);
    expect(screen.getByTestId("help-button")).toHaveFocus();
  });

  it("keeps Tab inside the dialog", async () => {
    const { dialog } = await asked();
    // Help comes first: the header's button is under the dialog's backdrop.
    const help = within(dialog).getByRole("button", { name: "Need help now" });
    const quit = within(dialog).getByRole("button", { name: "Quit Alongside" });
    quit.focus();
    await fireEvent.keyDown(quit, { key: "Tab" });
    expect(help).toHaveFocus();
    await fireEvent.keyDown(help, { key: "Tab", shiftKey: true });
    expect(quit).toHaveFocus();
  });

  it("says why when the answer could not be carried out, and stays", async () => {
    const { dialog } = await asked({ shell_close: () => fail("settings_not_saved") });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Keep running in the tray" }));
    expect(await within(dialog).findByTestId("close-error")).toHaveTextContent("Your settings couldn't be saved.");
    expect(dialog).toHaveAttribute("open");
  });
});
