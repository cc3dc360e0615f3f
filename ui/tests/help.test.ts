import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "../src/App.svelte";
import { setLocale } from "../src/lib/i18n/index.svelte";
import { preferences } from "../src/lib/settings/settings.svelte";
import data from "../src/lib/safety/crisis-lines.json";
import { contactHref, countries, countryFor, hasCrisisLine, offerToChoose, regionOf } from "../src/lib/safety/crisisLines";
import PrintPage from "../src/lib/safety/PrintPage.svelte";
import SafetyHome from "../src/lib/safety/SafetyHome.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fakeBackend, reject, type Overrides } from "./ipc";
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
  // The settings store outlives a render; each test starts with nothing chosen and no clinic read.
  beforeEach(() => {
    preferences.crisisCountry = null;
    preferences.clinicCountry = null;
    preferences.helpContact = null;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    setLocale("en");
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
      ["Chat online", "https://988lifeline.org/chat/"],
      ["Call 988, then press 1", "tel:988"],
      ["Text 838255", "sms:838255"],
      ["Text HOME to 741741", "sms:741741"],
      ["Call 911", "tel:911"],
    ]);
    expect(panel).toHaveTextContent("Veterans Crisis Line");
    const copies = within(panel).getAllByTestId("help-copy");
    expect(copies.map((b) => b.textContent?.trim())).toEqual(["Copy 988", "Copy 988", "Copy 838255", "Copy 741741", "Copy 911"]);
    await fireEvent.click(copies[3] as HTMLElement);
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
      ["Call 111", "tel:111"],
      ["Call 999", "tel:999"],
    ]);
    expect(panel).toHaveTextContent("NHS 111, mental health option (England)");
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
          clinicCountry: null,
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

  // Every tag Windows, macOS and GNOME offer for English and Spanish: the desktop's language or
  // region never decides whose crisis lines show; the clinic's country (here the default) does.
  const spanish = ["AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GQ", "GT", "HN", "MX", "NI", "PA", "PE", "PH", "PR", "PY", "SV", "US", "UY", "VE", "419"];
  const english = ["US", "GB", "CA", "AU", "NZ", "IE", "IN", "ZA", "SG", "PH", "JM", "MT", "NG", "HK", "029", "150", "001"];
  const desktopTags = [...spanish.map((r) => `es-${r}`), "es", ...english.map((r) => `en-${r}`), "en", "fr-FR", "es_MX.UTF-8"];
  it.each(desktopTags)("shows the clinic's country, with 988 and 911, on a %s desktop until the member chooses", async (tag) => {
    vi.spyOn(navigator, "language", "get").mockReturnValue(tag);
    fakeBackend();
    render(App);
    const panel = await openPanel();
    expect(within(panel).getByTestId("help-lines")).toHaveAttribute("data-country", "US");
    expect(within(panel).getAllByRole("link", { name: "Call 988" }).length).toBeGreaterThan(0);
    expect(within(panel).getByRole("link", { name: "Call 911" })).toBeInTheDocument();
    const region = regionOf(tag);
    const offer = within(panel).queryByTestId("help-choose-country");
    if (region && region !== "US") {
      // Offered, never switched by itself.
      expect(offer).toHaveTextContent("Not in the United States? Choose your country");
      await fireEvent.click(offer as HTMLElement);
      await waitFor(() => expect(within(panel).getByTestId("help-country")).toHaveFocus());
      expect(within(panel).getByTestId("help-lines")).toHaveAttribute("data-country", "US");
    } else {
      expect(offer).toBeNull();
    }
  });

  it("lists the clinic's country once a sync has read it, and the member's choice over both", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB");
    const settings: Overrides["settings_get"] = () => ({
      language: "es",
      autoLockMinutes: 5,
      closeToTray: null,
      crisisCountry: null,
      clinicCountry: "MX",
      helpContact: null,
    });
    const calls = fakeBackend({ settings_get: settings });
    render(App);
    await screen.findByTestId("lock-button");
    const panel = await openPanel();
    expect(within(panel).getByTestId("help-lines")).toHaveAttribute("data-country", "MX");
    expect(links(panel)[0]).toEqual(["Llamar al 800 911 2000", "tel:8009112000"]);
    expect(panel).toHaveTextContent("Línea de la Vida");
    await fireEvent.change(within(panel).getByLabelText("Líneas de crisis de"), { target: { value: "ES" } });
    await waitFor(() => expect(within(panel).getByTestId("help-lines")).toHaveAttribute("data-country", "ES"));
    expect(calls).toContainEqual({ cmd: "settings_set_crisis_country", args: { country: "ES" } });
    expect(within(panel).queryByTestId("help-choose-country")).toBeNull();
    expect(within(panel).getByRole("link", { name: /024/ })).toHaveAttribute("href", "tel:024");
  });

  it("offers Crisis Text Line's Spanish keyword and WhatsApp in Spanish, and HOME in English", async () => {
    const calls = fakeBackend();
    render(App);
    await screen.findByTestId("lock-button");
    setLocale("es");
    let panel = await openPanel();
    expect(links(panel)).toContainEqual(["Enviar AYUDA al 741741", "sms:741741"]);
    expect(links(panel)).toContainEqual(["Escribir por WhatsApp", "https://wa.me/14422983263"]);
    expect(links(panel).map(([label]) => label)).not.toContain("Enviar HOME al 741741");
    expect(panel).toHaveTextContent("marca el 2 al llamar");
    await fireEvent.click(within(panel).getByRole("link", { name: "Escribir por WhatsApp" }));
    await waitFor(() => expect(calls).toContainEqual({ cmd: "open_contact_link", args: { uri: "https://wa.me/14422983263" } }));
    await fireEvent.click(screen.getByTestId("help-close"));
    setLocale("en");
    panel = await openPanel();
    expect(links(panel)).toContainEqual(["Text HOME to 741741", "sms:741741"]);
    expect(links(panel).map(([label]) => label)).not.toContain("Text AYUDA to 741741");
    // 988's web chat, for a computer that cannot call: opened in the browser by the backend's list.
    await fireEvent.click(within(panel).getByRole("link", { name: "Chat online" }));
    await waitFor(() => expect(calls).toContainEqual({ cmd: "open_contact_link", args: { uri: "https://988lifeline.org/chat/" } }));
  });

  it("says so when it lists no crisis line for a place, and shows a directory of lines worldwide", async () => {
    const calls = fakeBackend();
    render(App);
    const panel = await openPanel();
    await fireEvent.change(within(panel).getByLabelText("Crisis lines for"), { target: { value: "ZZ" } });
    const none = await within(panel).findByTestId("help-no-line");
    expect(none).toHaveTextContent("No crisis line listed here");
    expect(none).toHaveTextContent("call your local emergency number now");
    expect(panel).toHaveTextContent("If you are in immediate danger, call your local emergency number.");
    await fireEvent.click(within(none).getByRole("link", { name: "Find a helpline" }));
    await waitFor(() => expect(calls).toContainEqual({ cmd: "open_contact_link", args: { uri: "https://findahelpline.com/" } }));
  });

  it("offers the longer out-breath first: it has no holds", async () => {
    fakeBackend();
    render(App);
    const panel = await openPanel();
    const calm = within(panel).getAllByRole("button").filter((b) => b.dataset.testid?.startsWith("help-play-"));
    expect(calm.map((b) => b.dataset.testid)).toEqual(["help-play-longer-exhale", "help-play-senses-5-4-3-2-1", "help-play-box-breathing"]);
    expect(panel).toHaveTextContent("Press Ctrl+Shift+H to hide Alongside at once and lock it.");
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
    expect(countries.map((c) => c.code)).toEqual(["US", "CA", "GB", "IE", "AU", "NZ", "ES", "MX", "ZZ"]);
    for (const raw of data.countries) {
      // Every listed country has a crisis line and ends with its emergency number; only "Another
      // country" has neither, and the panel says so (tested above).
      expect(hasCrisisLine(raw as (typeof countries)[number]), raw.code).toBe(raw.code !== "ZZ");
      if (raw.code === "ZZ") continue;
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
        // Who the quotes come from: an operator or government page, or only reports of them.
        expect(["operator", "government", "secondary"], line.id).toContain(line.confirmedBy);
        for (const web of "web" in line ? line.web : []) expect(web.url, line.id).toMatch(/^https:\/\/[a-z0-9.-]+\//);
      }
    }
    expect(data.elsewhere.sources.length).toBeGreaterThan(0);
  });

  it("has the lines asked for, with the hours the operators give", () => {
    const line = (id: string) => countries.flatMap((c) => c.lines).find((l) => l.id === id);
    expect(line("mx-linea-de-la-vida")?.call).toBe("800 911 2000");
    expect(line("us-crisis-text-line-es")?.text).toEqual({ to: "741741", message: "AYUDA" });
    expect(line("us-veterans")).toMatchObject({ call: "988", press: "1", text: { to: "838255" } });
    expect(line("ie-50808")?.text).toEqual({ to: "50808", message: "HELLO" });
    expect(line("gb-nhs-111")?.call).toBe("111");
    for (const id of ["es-024", "ie-samaritans", "au-lifeline"]) expect(line(id)?.hours?.en, id).toMatch(/24 hours a day/);
  });

  it("takes the member's choice, else the clinic's country, else the default; the desktop only prompts", () => {
    expect(regionOf("es-MX")).toBe("MX");
    expect(regionOf("en")).toBeNull();
    expect(countryFor(null, null).code).toBe("US");
    expect(countryFor(null, "MX").code).toBe("MX");
    expect(countryFor("NZ", "MX").code).toBe("NZ");
    expect(countryFor(null, "FR").code).toBe("US");
    const us = countryFor(null, null);
    expect(offerToChoose(null, us, "en-GB")).toBe(true);
    expect(offerToChoose(null, us, "en-US")).toBe(false);
    expect(offerToChoose(null, us, "es")).toBe(false);
    expect(offerToChoose("US", us, "en-GB")).toBe(false);
  });

  it("prefills step 5 of the plan with the clinic country's line, whatever the desktop says", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("es-ES");
    fakeBackend();
    render(SafetyHome, { target: document.body.appendChild(document.createElement("main")) });
    const editor = await screen.findByTestId("plan-editor");
    const professionals = editor.querySelector("[data-section='professionals']") as HTMLElement;
    expect(within(professionals).getAllByTestId("plan-item-text").map((i) => (i as HTMLInputElement).value)).toEqual(["988 Suicide & Crisis Lifeline"]);
    expect(professionals).toHaveTextContent("hospital emergency department");
    vi.restoreAllMocks();
  });

  it("prints the plan with the country's crisis and emergency numbers", () => {
    const plan = { warningSigns: [], coping: [], distractions: [], helpers: [], professionals: [], environment: [], reasons: [], updatedAt: null };
    render(PrintPage, { plan });
    expect(screen.getByTestId("print-footer")).toHaveTextContent("In a crisis, call or text 988. If you are in immediate danger, call 911.");
  });
});
