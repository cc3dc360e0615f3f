import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { setLocale } from "../src/lib/i18n/index.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fakeBackend, reject } from "./ipc";

async function openSettings() {
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  await fireEvent.click(screen.getByTestId("nav-settings"));
  return screen.findByTestId("screen-settings");
}

describe("Settings", () => {
  it("shows the version and data folder from the backend", async () => {
    fakeBackend();
    render(App);
    await openSettings();
    await waitFor(() => expect(screen.getByTestId("app-version")).toHaveTextContent("1.2.3"));
    // The folder's path is for whoever helps the member: behind a closed "Technical details", and
    // marked as not for translating.
    const path = screen.getByText("/home/member/.local/share/alongside");
    expect(path).toHaveAttribute("translate", "no");
    const details = path.closest("details") as HTMLDetailsElement;
    expect(details).toBe(screen.getByTestId("about-technical"));
    expect(details.open).toBe(false);
    expect(details.querySelector("summary")).toHaveTextContent("Technical details");
    expect(details.querySelector("summary")).toHaveClass("link-button");
    expect(screen.getByTestId("settings-about")).toHaveTextContent("Alongside keeps everything in one folder on this device.");
  });

  it("offers system, English and Spanish with the saved one selected", async () => {
    fakeBackend({ settings_get: () => ({ language: "system", autoLockMinutes: 5, closeToTray: null, crisisCountry: null, clinicCountry: null, helpContact: null }) });
    render(App);
    await openSettings();
    const select = screen.getByLabelText("App language") as HTMLSelectElement;
    expect(select).toBe(screen.getByTestId("language-select"));
    expect([...select.options].map((o) => o.textContent)).toEqual(["Match system", "English", "Español"]);
    expect(select.value).toBe("system");
  });

  it("switches to Spanish, saves it and translates the screen", async () => {
    const calls = fakeBackend();
    render(App);
    await openSettings();
    await fireEvent.change(screen.getByTestId("language-select"), { target: { value: "es" } });
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Configuración"));
    expect(calls).toContainEqual({ cmd: "settings_set_language", args: { language: "es" } });
    expect(document.documentElement.lang).toBe("es");
    expect(screen.getByTestId("help-button")).toHaveTextContent("Necesito ayuda ahora");
    expect(screen.getByTestId("nav-journal")).toHaveTextContent("Diario");
  });

  it("applies the saved language at start", async () => {
    fakeBackend({ settings_get: () => ({ language: "es", autoLockMinutes: 5, closeToTray: null, crisisCountry: null, clinicCountry: null, helpContact: null }) });
    render(App);
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Hoy"));
    expect(document.documentElement.lang).toBe("es");
  });

  it("keeps the old language and explains when saving fails", async () => {
    fakeBackend({ settings_set_language: reject({ code: "settings_not_saved", message: "EACCES: permission denied" }) });
    render(App);
    await openSettings();
    const select = screen.getByTestId("language-select") as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: "es" } });
    await screen.findByText("Your settings couldn't be saved. Please try again.");
    expect(select.value).toBe("en");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Settings");
    expect(screen.queryByText(/EACCES/)).not.toBeInTheDocument();
  });

  it("opens with a menu of its parts that takes keyboard focus to each part's heading", async () => {
    fakeBackend();
    render(App);
    await openSettings();
    const menu = screen.getByRole("navigation", { name: "On this page" });
    const links = within(menu).getAllByRole("link");
    expect(links.map((a) => a.textContent)).toEqual([
      "Language",
      "Reminders",
      "Need help now",
      "Closing the window",
      "Security",
      "Privacy",
      "Backups and data",
      "About",
    ]);
    // Every part the screen had is still there, each under its own heading.
    for (const testid of ["language-select", "reminder-settings", "help-contact", "settings-when-closed", "settings-security", "settings-privacy", "settings-data"]) {
      expect(screen.getByTestId(testid)).toBeInTheDocument();
    }
    for (const link of links) {
      expect(link.getAttribute("href")).toMatch(/^#\/settings\/[a-z-]+$/);
      await fireEvent.click(link);
      const target = document.getElementById(`settings-${link.getAttribute("href")!.split("/")[2]}`);
      expect(target).not.toBeNull();
      expect(document.activeElement).toBe(target!.querySelector("h2"));
    }
    // The screen stays where it is: following the link is left to the menu.
    expect(window.location.hash).toBe("#/settings");
    expect(screen.getByRole("heading", { level: 2, name: "Backups and your data" })).toBeInTheDocument();
    await expectNoAxeViolations("settings with its menu");
    setLocale("es");
    await waitFor(() => expect(screen.getByRole("navigation", { name: "En esta página" })).toBeInTheDocument());
    expect(within(screen.getByTestId("settings-menu")).getAllByRole("link")[0]).toHaveTextContent("Idioma");
  });

  it("opens at the part another screen's link names", async () => {
    fakeBackend();
    render(App);
    await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
    window.location.hash = "#/settings/data";
    await fireEvent(window, new HashChangeEvent("hashchange"));
    await screen.findByTestId("screen-settings");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { level: 2, name: "Backups and your data" })));
  });

  it("shows a translated message when app info cannot be loaded", async () => {
    fakeBackend({ app_info: reject({ code: "io", message: "read failed: /etc/x" }) });
    render(App);
    await openSettings();
    await screen.findByText("Alongside couldn't read or save a file on this device.");
    expect(screen.queryByText(/read failed/)).not.toBeInTheDocument();
    expect(screen.queryByText("Loading…")).not.toBeInTheDocument();
  });
});
