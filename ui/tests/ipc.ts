import { mockIPC } from "@tauri-apps/api/mocks";
import type { AppError, Language } from "../src/lib/bindings/types";

export type Call = { cmd: string; args: unknown };

type Overrides = Partial<Record<string, (args: Record<string, unknown>) => unknown>>;

/** Installs a fake backend with sensible answers and records every command it receives. */
export function fakeBackend(overrides: Overrides = {}): Call[] {
  const calls: Call[] = [];
  let language: Language = "en";
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const override = overrides[cmd];
    if (override) return override(args);
    switch (cmd) {
      case "settings_get":
        return { language };
      case "settings_set_language":
        language = args.language as Language;
        return { language };
      case "app_info":
        return { version: "1.2.3", dataDir: "/home/member/.local/share/alongside" };
      case "open_contact_link":
      case "shell_ready":
        return null;
      default:
        throw { code: "internal", message: `unexpected command ${cmd}` } satisfies AppError;
    }
  });
  return calls;
}

export function reject(error: AppError): () => Promise<never> {
  return () => Promise.reject(error);
}
