import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import WhenClosed from "../src/lib/settings/WhenClosed.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fail, fakeBackend } from "./ipc";

async function openSettings() {
  render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  await fireEvent.click(screen.getByTestId("nav-settings"));
  return screen.findByTestId("settings-when-closed");
}

describe("While the window is closed", () => {
  it("shows the tray choice as off, says it will be asked, and saves a choice", async () => {
    const calls = fakeBackend();
    await openSettings();
    const tray = screen.getByRole("switch", { name: "Keep Alongside running in the tray when I close the window" });
    expect(tray).not.toBeChecked();
    expect(screen.getByTestId("close-to-tray-hint")).toHaveTextContent("You'll be asked the first time you close the window.");
    await fireEvent.click(tray);
    await waitFor(() => expect(calls).toContainEqual({ cmd: "settings_set_close_to_tray", args: { on: true } }));
    await waitFor(() => expect(tray).toBeChecked());
    expect(screen.getByTestId("close-to-tray-hint")).toHaveTextContent("When this is on, your reminders still come while the window is closed.");
    await expectNoAxeViolations("settings with reminders and the tray");
  });

  it("shows a saved tray choice", async () => {
    fakeBackend({ settings_get: () => ({ language: "en", autoLockMinutes: 5, closeToTray: true, crisisCountry: null, clinicCountry: null, helpContact: null }) });
    await openSettings();
    expect(screen.getByRole("switch", { name: /Keep Alongside running in the tray/ })).toBeChecked();
  });

  it("puts the tray choice back and says why when it cannot be saved", async () => {
    fakeBackend({ settings_set_close_to_tray: () => fail("settings_not_saved") });
    render(WhenClosed);
    const tray = screen.getByRole("switch", { name: /Keep Alongside running in the tray/ });
    await fireEvent.click(tray);
    expect(await screen.findByTestId("close-to-tray-error")).toHaveTextContent("Your settings couldn't be saved. Please try again.");
    expect(tray).not.toBeChecked();
  });

  it("reads and sets starting at login", async () => {
    const calls = fakeBackend({ autostart_get: () => true, autostart_set: ({ on }) => on });
    render(WhenClosed);
    const login = screen.getByRole("switch", { name: "Start Alongside when I log in" });
    await waitFor(() => expect(login).toBeChecked());
    await fireEvent.click(login);
    await waitFor(() => expect(calls).toContainEqual({ cmd: "autostart_set", args: { on: false } }));
    await waitFor(() => expect(login).not.toBeChecked());
  });

  it("says so when starting at login cannot be changed, and shows what is really set", async () => {
    fakeBackend({ autostart_set: () => fail("autostart_failed") });
    render(WhenClosed);
    const login = screen.getByRole("switch", { name: "Start Alongside when I log in" });
    await waitFor(() => expect(login).toBeEnabled());
    await fireEvent.click(login);
    expect(await screen.findByTestId("autostart-error")).toHaveTextContent("couldn't change whether it starts when you log in");
    expect(login).not.toBeChecked();
    await expectNoAxeViolations("autostart error");
  });

  it("still offers starting at login when the desktop could not be asked", async () => {
    fakeBackend({ autostart_get: () => fail("autostart_failed") });
    render(WhenClosed);
    expect(await screen.findByTestId("autostart-error")).toBeInTheDocument();
    expect(screen.getByRole("switch", { name: "Start Alongside when I log in" })).toBeEnabled();
  });
});
