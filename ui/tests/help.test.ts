import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { setLocale } from "../src/lib/i18n/index.svelte";
import { preferences } from "../src/lib/settings/settings.svelte";
import data from "../src/lib/safety/crisis-lines.json";
import { contactHref, countries, countryFor, regionOf } from "../src/lib/safety/crisisLines";
import { expectNoAxeViolations } from "./a11y";
import { fakeBackend, reject } from "./ipc";
import { FakeSafety } from "./safety-fake";

async function openPanel() {
  await fireEvent.click(screen.getByTestId("help-button"));
  const panel = screen.getByTestId("help-panel");
  expect(panel).toHaveAttribute("open");
  return panel;
}

const links = (panel: HTMLElement) =>
  within(panel)
    .getAllByRole("link")
    .map((link) => [link.textContent?.trim(), link.getAttribute("href")]);

describe("Need help now", () => {
  // The settings store outlives a render; each test starts from the desktop's country.
  beforeEach(() => {
    preferences.crisisCountry = null;
    preferences.helpContact = null;
  });

  it("opens a labelled dialog with focus inside it", async () => {
    fakeBackend();
    render(App);
    const panel = await openPanel();
    expect(screen.getByRole("dialog", { name: "Help right now" })).toBe(panel);
    expect(panel).toContainElement(document.activeElement as HTMLElement);
  });

  it("lists the United States' lines by default, each as a link and as a number to copy", async () => {
    const calls = fakeBackend();
    render(App);
    const panel = await openPanel();
    expect(panel).toHaveTextContent("988 Suicide & Crisis Lifeline");
    expect(panel).toHaveTextContent("In Spanish: press 2 when you call, or text AYUDA to 988.");
    expect(panel).toHaveTextContent("If you are in immediate danger, call 911.");
    expect(links(panel)).toEqual([
      ["Call 988", "tel:988"],
      ["Text 988", "sms:988"],
      ["Text HOME to 741741", "sms:741741"],
      ["Call 911", "tel:911"],
    ]);
    const copies = within(panel).getAllByTestId("help-copy");
    expect(copies.map((b) => b.textContent?.trim())).toEqual(["Copy 988", "Copy 741741", "Copy 911"]);
    await fireEvent.click(copies[1] as HTMLElement);
    await waitFor(() => expect(calls).toContainEqual({ cmd: "clipboard_copy_text", args: { text: "741741" } }));
    expect(within(panel).getByTestId("help-status")).toHaveTextContent("741741 copied.");
  });

  it("changes country from the panel itself and remembers it", async () => {
    const calls = fakeBackend();
    render(App);
    const panel = await openPanel();
    await fireEvent.change(within(panel).getByLabelText("Crisis lines for"), { target: { value: "GB" } });
    await waitFor(() => expect(within(panel).getByTestId("help-lines")).toHaveAttribute("data-country", "GB"));
    expect(calls).toContainEqual({ cmd: "settings_set_crisis_country", args: { country: "GB" } });
    expect(links(panel)).toEqual([
      ["Call 116 123", "tel:116123"],
      ["Text SHOUT to 85258", "sms:85258"],
      ["Call 999", "tel:999"],
    ]);
    expect(panel).toHaveTextContent("If you are in immediate danger, call 999.");
  });

  it("renders without any backend at all", async () => {
    render(App);
    const panel = await openPanel();
    expect(within(panel).getByRole("link", { name: "Call 911" })).toBeInTheDocument();
  });

  it("opens with F1 from anywhere and gives focus back where it was on Escape", async () => {
    fakeBackend();
    render(App);
    const elsewhere = await screen.findByTestId("lock-button");
    elsewhere.focus();
    await fireEvent.keyDown(window, { key: "F1" });
    const panel = screen.getByTestId("help-panel");
    expect(panel).toHaveAttribute("open");
    expect(panel).toHaveTextContent("Press F1 anywhere in Alongside to open this panel.");
    await fireEvent.keyDown(panel, { key: "Escape" });
    expect(panel).not.toHaveAttribute("open");
    expect(elsewhere).toHaveFocus();
  });

  it("closes with the Close button and returns focus to the button", async () => {
    fakeBackend();
    render(App);
    const panel = await openPanel();
    await fireEvent.click(screen.getByTestId("help-close"));
    expect(panel).not.toHaveAttribute("open");
    expect(screen.getByTestId("help-button")).toHaveFocus();
  });

  it("says plainly when the computer cannot place the call", async () => {
    const calls = fakeBackend({ open_contact_link: reject({ code: "open_failed", message: "no handler for tel" }) });
    render(App);
    const panel = await openPanel();
    const notPrevented = await fireEvent.click(within(panel).getByRole("link", { name: "Call 988" }));
    expect(notPrevented).toBe(false);
    expect(calls).toContainEqual({ cmd: "open_contact_link", args: { uri: "tel:988" } });
    await waitFor(() => expect(within(panel).getByTestId("help-status")).toHaveTextContent("most computers can't"));
    expect(panel).not.toHaveTextContent("no handler for tel");
  });

  it("shows the clinic's phone, and the member's plan: from the vault, or locked from their copy", async () => {
    const safety = new FakeSafety();
    safety.plan.reasons = [{ id: "r1", text: "My niece's drawings", phone: null }];
    fakeBackend(
      {
        settings_get: () => ({
          language: "en",
          autoLockMinutes: 5,
          closeToTray: null,
          crisisCountry: null,
          helpContact: { name: "Harmony United Psychiatric Care", phone: "(800) 457-4573", hours: "Mon–Fri 8–6", fromClinic: true },
        }),
      },
      {},
      undefined,
      undefined,
      undefined,
      safety,
    );
    const { unmount } = render(App);
    await screen.findByTestId("lock-button");
    let panel = await openPanel();
    const clinic = within(panel).getByTestId("help-clinic");
    expect(clinic).toHaveTextContent("Harmony United Psychiatric Care");
    expect(within(clinic).getByRole("link", { name: "Call (800) 457-4573" })).toHaveAttribute("href", "tel:8004574573");
    await waitFor(() => expect(within(panel).getByTestId("help-plan")).toHaveTextContent("My niece's drawings"));
    unmount();

    // Locked, without the opt-in: no plan. With it: the copy.
    fakeBackend({}, { state: "locked" }, undefined, undefined, undefined, safety);
    const second = render(App);
    await screen.findByTestId("screen-unlock");
    panel = await openPanel();
    await waitFor(() => expect(within(panel).getByText("Call 988")).toBeInTheDocument());
    expect(within(panel).queryByTestId("help-plan")).toBeNull();
    second.unmount();
    safety.copy = structuredClone(safety.plan);
    fakeBackend({}, { state: "locked" }, undefined, undefined, undefined, safety);
    render(App);
    await screen.findByTestId("screen-unlock");
    panel = await openPanel();
    await waitFor(() => expect(within(panel).getByTestId("help-plan")).toHaveTextContent("My niece's drawings"));
  });

  it("is axe-clean and fully worded in Spanish", async () => {
    fakeBackend();
    render(App);
    await screen.findByTestId("lock-button");
    setLocale("es");
    const panel = await openPanel();
    expect(panel).toHaveTextContent("Ayuda inmediata");
    expect(links(panel)[0]).toEqual(["Llamar al 988", "tel:988"]);
    await expectNoAxeViolations("help panel, es");
    setLocale("en");
  });
});

describe("the crisis lines data", () => {
  it("has the countries asked for, both languages, and a source beside every line", () => {
    expect(countries.map((c) => c.code)).toEqual(["US", "CA", "GB", "IE", "AU", "NZ", "ES", "MX"]);
    for (const raw of data.countries) {
      const kinds = raw.lines.map((l) => l.kind);
      expect(kinds.at(-1), raw.code).toBe("emergency");
      for (const line of raw.lines) {
        expect(line.id.startsWith(`${raw.code.toLowerCase()}-`), line.id).toBe(true);
        for (const words of [line.name, line.what, line.hours, line.note]) {
          if (words === null) continue;
          expect(words.en.trim(), line.id).not.toBe("");
          expect(words.es.trim(), line.id).not.toBe("");
        }
        expect(line.call ?? line.text?.to, line.id).toBeTruthy();
        for (const number of [line.call, line.text?.to]) {
          if (number) expect(contactHref("tel", number), line.id).toMatch(/^tel:\+?\d{3,15}$/);
        }
        expect(line.sources.length, line.id).toBeGreaterThan(0);
        for (const source of line.sources) {
          expect(source.url, line.id).toMatch(/^https?:\/\//);
          expect(source.says.trim(), line.id).not.toBe("");
        }
      }
    }
  });

  it("follows the desktop's region, never guessing one from the language alone", () => {
    expect(regionOf("es-MX")).toBe("MX");
    expect(regionOf("en")).toBeNull();
    expect(countryFor(null, "en-GB").code).toBe("GB");
    expect(countryFor(null, "fr-FR").code).toBe("US");
    expect(countryFor("NZ", "en-GB").code).toBe("NZ");
  });
});
