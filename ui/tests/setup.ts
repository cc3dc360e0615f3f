import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach } from "vitest";
import { setLocale } from "../src/lib/i18n/index.svelte";
import { defaultAutoLockMinutes, preferences } from "../src/lib/settings/settings.svelte";
import { vault } from "../src/lib/vault/vault.svelte";

// jsdom has no <dialog> behaviour; this mirrors the parts the app relies on.
if (typeof HTMLDialogElement.prototype.showModal !== "function") {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute("open")) return;
    this.removeAttribute("open");
    this.dispatchEvent(new Event("close"));
  };
}

afterEach(() => {
  cleanup();
  clearMocks();
  setLocale("en");
  window.location.hash = "";
  delete document.documentElement.dataset.shellReady;
  // App-wide state lives in modules; each test starts from a fresh launch.
  Object.assign(vault, { status: null, loadError: null, setupPending: false, lockReason: null });
  preferences.autoLockMinutes = defaultAutoLockMinutes;
  preferences.closeToTray = null;
});
