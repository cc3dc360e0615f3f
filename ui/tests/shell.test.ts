import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import App from "../src/App.svelte";
import type { Settings, VaultStatus } from "../src/lib/bindings/types";
import { askFirstAnswers } from "../src/lib/shell/boot";
import { fakeBackend } from "./ipc";

const screens = [
  ["today", "Today"],
  ["journal", "Journal"],
  ["practice", "Practice"],
  ["sessions", "Sessions"],
  ["settings", "Settings"],
] as const;

async function renderReady() {
  const calls = fakeBackend();
  const result = render(App);
  await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
  return { calls, ...result };
}

describe("app shell", () => {
  it("shows the app name, six navigation items and the help button", async () => {
    await renderReady();
    expect(screen.getByRole("banner")).toHaveTextContent("Alongside");
    const nav = screen.getByRole("navigation", { name: "Main" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((link) => link.textContent?.trim())).toEqual(["Today", "Journal", "Practice", "Safety", "Sessions", "Settings"]);
    expect(screen.getByTestId("help-button")).toHaveTextContent("Need help now");
    expect(screen.getByRole("main")).toHaveAttribute("tabindex", "-1");
  });

  it("starts on Today with a skip link first in the tab order", async () => {
    await renderReady();
    expect(screen.getByTestId("screen-today")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Today");
    expect(screen.getByTestId("nav-today")).toHaveAttribute("aria-current", "page");
    const focusable = document.querySelectorAll("a[href], button, select");
    expect(focusable[0]).toHaveTextContent("Skip to content");
  });

  it.each(screens)("navigates to %s, marks it current and focuses main", async (id, title) => {
    await renderReady();
    await fireEvent.click(screen.getByTestId(`nav-${id}`));
    const view = await screen.findByTestId(`screen-${id}`);
    expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent(title);
    expect(screen.getByTestId(`nav-${id}`)).toHaveAttribute("aria-current", "page");
    for (const [other] of screens) {
      if (other !== id) expect(screen.getByTestId(`nav-${other}`)).not.toHaveAttribute("aria-current");
    }
    expect(window.location.hash).toBe(`#/${id}`);
    await waitFor(() => expect(screen.getByRole("main")).toHaveFocus());
    expect(document.title).toBe(`${title} – Alongside`);
  });

  it("arrives on a screen at its top, focusing main without scrolling to it", async () => {
    await renderReady();
    const scrolls = vi.spyOn(window, "scrollTo").mockImplementation(() => {});
    const focus = vi.spyOn(HTMLElement.prototype, "focus");
    await fireEvent.click(screen.getByTestId("nav-journal"));
    await waitFor(() => expect(screen.getByRole("main")).toHaveFocus());
    expect(scrolls).toHaveBeenCalledWith({ top: 0 });
    expect(focus).toHaveBeenCalledWith({ preventScroll: true });
    vi.restoreAllMocks();
  });

  it("brings a field focused under the header back below it", async () => {
    await renderReady();
    const header = screen.getByRole("banner");
    const rect = (top: number, bottom: number) => ({ top, bottom, left: 0, right: 100, width: 100, height: bottom - top, x: 0, y: top, toJSON: () => ({}) });
    vi.spyOn(header, "getBoundingClientRect").mockReturnValue(rect(0, 70));
    const field = screen.getByTestId("nav-journal");
    vi.spyOn(field, "getBoundingClientRect").mockReturnValue(rect(30, 60));
    const scrolls = vi.spyOn(window, "scrollBy").mockImplementation(() => {});
    field.focus();
    expect(scrolls).toHaveBeenCalledWith({ top: -52 });
    vi.restoreAllMocks();
  });

  it("follows the hash when it changes from outside (back button, deep link)", async () => {
    await renderReady();
    window.location.hash = "#/sessions";
    expect(await screen.findByTestId("screen-sessions")).toBeInTheDocument();
  });

  it("tells the backend the shell is ready only after mounting", async () => {
    const calls = fakeBackend();
    render(App);
    expect(calls.some((call) => call.cmd === "shell_ready")).toBe(false);
    await waitFor(() => expect(calls.map((call) => call.cmd)).toContain("shell_ready"));
    const order = calls.map((call) => call.cmd);
    expect(order.indexOf("settings_get")).toBeLessThan(order.indexOf("shell_ready"));
    expect(document.documentElement.dataset.shellReady).toBe("true");
    expect(screen.getByTestId("screen-today")).toBeInTheDocument();
  });

  it("starts from the answers index.html asked before the script loaded, and asks itself after", async () => {
    const calls = fakeBackend();
    window.__firstAnswers = {
      settings: Promise.resolve({ language: "es" } as Settings),
      vault: Promise.resolve({ state: "unlocked", autoUnlock: false, keyringAvailable: null, autoUnlockFailed: false, retryAfterSecs: null } as VaultStatus),
    };
    render(App, { props: { firstAnswers: askFirstAnswers() } });
    await waitFor(() => expect(calls.map((call) => call.cmd)).toContain("shell_ready"));
    expect(document.documentElement.lang).toBe("es");
    expect(calls.map((call) => call.cmd)).not.toContain("settings_get");
    expect(calls.map((call) => call.cmd)).not.toContain("vault_status");
    // Taken once: a later start (a reload) asks the backend.
    expect(window.__firstAnswers).toBeUndefined();
    await askFirstAnswers();
    expect(calls.map((call) => call.cmd)).toEqual(expect.arrayContaining(["settings_get", "vault_status"]));
  });

  it("still becomes ready in the system language when settings cannot be read", async () => {
    const calls = fakeBackend({
      settings_get: () => Promise.reject({ code: "settings_damaged", message: "corrupt file" }),
    });
    render(App);
    await waitFor(() => expect(calls.map((call) => call.cmd)).toContain("shell_ready"));
    expect(document.documentElement.lang).toBe("en");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Today");
  });

  it("has no axe violations on each screen and with the help panel open", async () => {
    await renderReady();
    const options = { rules: { "color-contrast": { enabled: false } } };
    for (const [id] of screens) {
      await fireEvent.click(screen.getByTestId(`nav-${id}`));
      await screen.findByTestId(`screen-${id}`);
      const results = await axe.run(document.body, options);
      expect(results.violations.map((v) => `${id}: ${v.id}: ${v.help}`)).toEqual([]);
    }
    await fireEvent.click(screen.getByTestId("help-button"));
    const results = await axe.run(document.body, options);
    expect(results.violations.map((v) => `help: ${v.id}: ${v.help}`)).toEqual([]);
  });
});
