import { render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "../src/App.svelte";
import { throttleActivity, watchActivity } from "../src/lib/vault/activity";
import { fakeBackend } from "./ipc";

describe("activity reporting", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2025-01-01T10:00:00Z"));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("reports at once, then at most once every 15 seconds", () => {
    const report = vi.fn();
    const stop = watchActivity(window, report);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    expect(report).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    window.dispatchEvent(new Event("pointerdown"));
    window.dispatchEvent(new Event("wheel"));
    expect(report).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(9_999);
    expect(report).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(report).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(60_000);
    expect(report).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new Event("wheel"));
    expect(report).toHaveBeenCalledTimes(3);
    stop();
  });

  it("stops listening and drops a pending report when stopped", () => {
    const report = vi.fn();
    const stop = watchActivity(window, report);
    window.dispatchEvent(new Event("pointerdown"));
    window.dispatchEvent(new Event("pointerdown"));
    stop();
    vi.advanceTimersByTime(30_000);
    window.dispatchEvent(new Event("pointerdown"));
    expect(report).toHaveBeenCalledTimes(1);
  });

  it("ignores events other than keyboard, pointer and wheel", () => {
    const report = vi.fn();
    const stop = watchActivity(window, report);
    window.dispatchEvent(new Event("mousemove"));
    window.dispatchEvent(new Event("scroll"));
    expect(report).not.toHaveBeenCalled();
    stop();
  });

  it("honours a custom interval", () => {
    const report = vi.fn();
    const throttle = throttleActivity(report, 1_000);
    throttle.note();
    throttle.note();
    expect(report).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(report).toHaveBeenCalledTimes(2);
    throttle.stop();
  });
});

describe("activity in the app", () => {
  it("sends vault_touch only while the vault is unlocked, throttled", async () => {
    const calls = fakeBackend({}, { state: "locked" });
    render(App);
    await screen.findByTestId("screen-unlock");
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    expect(calls.filter((call) => call.cmd === "vault_touch")).toHaveLength(0);
  });

  it("touches the vault on use when unlocked, at most once per window", async () => {
    const calls = fakeBackend();
    render(App);
    await waitFor(() => expect(document.documentElement.dataset.shellReady).toBe("true"));
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    window.dispatchEvent(new Event("pointerdown"));
    window.dispatchEvent(new Event("wheel"));
    await waitFor(() => expect(calls.filter((call) => call.cmd === "vault_touch")).toHaveLength(1));
    expect(calls.filter((call) => call.cmd === "vault_touch")).toHaveLength(1);
  });
});
