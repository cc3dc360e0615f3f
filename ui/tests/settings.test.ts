import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
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
    expect(screen.getByText("/home/member/.local/share/alongside")).toBeInTheDocument();
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

  it("shows a translated message when app info cannot be loaded", async () => {
    fakeBackend({ app_info: reject({ code: "io", message: "read failed: /etc/x" }) });
    render(App);
    await openSettings();
    await screen.findByText("Alongside couldn't read or save a file on this device.");
    expect(screen.queryByText(/read failed/)).not.toBeInTheDocument();
    expect(screen.queryByText("Loading…")).not.toBeInTheDocument();
  });
});
