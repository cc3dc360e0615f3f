// Generated from the Rust types by scripts/gen-bindings; do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo, Language, Settings } from "./types";

export const commands = {
  appInfo: (): Promise<AppInfo> => invoke("app_info"),
  openContactLink: (uri: string): Promise<null> => invoke("open_contact_link", { uri }),
  settingsGet: (): Promise<Settings> => invoke("settings_get"),
  settingsSetLanguage: (language: Language): Promise<Settings> => invoke("settings_set_language", { language }),
  shellReady: (): Promise<null> => invoke("shell_ready"),
};
