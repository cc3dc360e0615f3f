import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import en from "../src/lib/i18n/en.json";
import es from "../src/lib/i18n/es.json";
import { crisisLines } from "../src/lib/safety/crisisLines";
import { fakeBackend, reject } from "./ipc";

async function openPanel() {
  await fireEvent.click(screen.getByTestId("help-button"));
  const panel = screen.getByTestId("help-panel");
  expect(panel).toHaveAttribute("open");
  return panel;
}

describe("Need help now", () => {
  it("opens a labelled dialog with focus inside it", async () => {
    fakeBackend();
    render(App);
    const panel = await openPanel();
    const dialog = screen.getByRole("dialog", { name: "Help right now" });
    expect(dialog).toBe(panel);
    expect(panel).toContainElement(document.activeElement as HTMLElement);
  });

  it("lists 988, 741741 and 911 as text and as links", async () => {
    fakeBackend();
    render(App);
    const panel = await openPanel();
    expect(panel).toHaveTextContent("988 Suicide & Crisis Lifeline");
    expect(panel).toHaveTextContent("Call or text 988. For Spanish, press 2.");
    expect(panel).toHaveTextContent("Text HOME to 741741.");
    expect(panel).toHaveTextContent("If you are in immediate danger, call 911.");
    expect(panel).toHaveTextContent("free and confidential, 24/7");
    const links = within(panel)
      .getAllByRole("link")
      .map((link) => [link.textContent?.trim(), link.getAttribute("href")]);
    expect(links).toEqual([
      ["Call 988", "tel:988"],
      ["Text 988", "sms:988"],
      ["Text 741741", "sms:741741"],
      ["Call 911", "tel:911"],
    ]);
  });

  it("renders without any backend at all", async () => {
    render(App);
    const panel = await openPanel();
    expect(within(panel).getByRole("link", { name: "Call 911" })).toBeInTheDocument();
  });

  it("closes on Escape and returns focus to the button", async () => {
    fakeBackend();
    render(App);
    const panel = await openPanel();
    await fireEvent.keyDown(panel, { key: "Escape" });
    expect(panel).not.toHaveAttribute("open");
    expect(screen.getByTestId("help-button")).toHaveFocus();
  });

  it("closes with the Close button and returns focus to the button", async () => {
    fakeBackend();
    render(App);
    const panel = await openPanel();
    await fireEvent.click(screen.getByTestId("help-close"));
    expect(panel).not.toHaveAttribute("open");
    expect(screen.getByTestId("help-button")).toHaveFocus();
  });

  it("asks the backend to open a contact link instead of navigating", async () => {
    const calls = fakeBackend();
    render(App);
    const panel = await openPanel();
    const link = within(panel).getByRole("link", { name: "Text 741741" });
    const notPrevented = await fireEvent.click(link);
    expect(notPrevented).toBe(false);
    await waitFor(() =>
      expect(calls).toContainEqual({ cmd: "open_contact_link", args: { uri: "sms:741741" } }),
    );
    expect(panel).not.toHaveTextContent("You can dial or text the number from any phone.");
  });

  it("shows a translated note when the link cannot be opened", async () => {
    fakeBackend({ open_contact_link: reject({ code: "invalid_link", message: "no handler for tel" }) });
    render(App);
    const panel = await openPanel();
    await fireEvent.click(within(panel).getByRole("link", { name: "Call 988" }));
    const status = within(panel).getByRole("status");
    await waitFor(() => expect(status).toHaveTextContent("You can dial or text the number from any phone."));
    expect(panel).not.toHaveTextContent("no handler for tel");
  });

  it("has a name and description for every crisis line in both languages", () => {
    for (const catalog of [en, es]) {
      for (const line of crisisLines) {
        const entry = catalog.help.lines[line.id];
        expect(entry.name.length).toBeGreaterThan(0);
        expect(entry.detail.length).toBeGreaterThan(0);
        for (const contact of line.contacts) expect(entry.detail).toContain(contact.number);
      }
    }
  });
});
