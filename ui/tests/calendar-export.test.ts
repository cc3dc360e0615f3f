import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { expectNoAxeViolations } from "./a11y";
import { fail, fakeBackend, testPassphrase } from "./ipc";

async function start(overrides: Parameters<typeof fakeBackend>[0] = {}) {
  const calls = fakeBackend(overrides);
  window.location.hash = "#/sessions";
  render(App);
  const button = await screen.findByRole("button", { name: "Save as a calendar file (.ics)…" });
  return { calls, button };
}

describe("the schedule as a calendar file", () => {
  it("says the file is plain, takes the passphrase, and saves where the member chose", async () => {
    const { calls, button } = await start({ choose_path: () => "/home/member/Documents" });
    expect(button).toHaveAccessibleDescription(/not encrypted/);
    expect(button).toBeDisabled();
    await fireEvent.click(screen.getByTestId("calendar-export-understood"));
    await fireEvent.input(screen.getByTestId("calendar-export-passphrase"), { target: { value: testPassphrase } });
    await fireEvent.click(button);
    expect(await screen.findByText("Saved to /home/member/Documents/alongside-sessions.ics")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "sessions_export_ics").map((c) => c.args)).toEqual([
      { folder: "/home/member/Documents", understood: true, passphrase: testPassphrase },
    ]);
    await expectNoAxeViolations("calendar export");
  });

  it("writes nothing when the chooser is cancelled, and shows a failure in words", async () => {
    const cancelled = await start({ choose_path: () => null });
    await fireEvent.click(screen.getByTestId("calendar-export-understood"));
    await fireEvent.click(cancelled.button);
    await waitFor(() => expect(cancelled.button).toBeEnabled());
    expect(cancelled.calls.some((c) => c.cmd === "sessions_export_ics")).toBe(false);
    document.body.innerHTML = "";

    const failing = await start({ choose_path: () => "/read-only", sessions_export_ics: () => fail("file_io") });
    await fireEvent.click(screen.getByTestId("calendar-export-understood"));
    await fireEvent.input(screen.getByTestId("calendar-export-passphrase"), { target: { value: testPassphrase } });
    await fireEvent.click(failing.button);
    await waitFor(() => expect(screen.getAllByRole("alert").some((a) => a.textContent?.trim())).toBe(true));
  });
});
