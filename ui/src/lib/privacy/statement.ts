import { t } from "../i18n/index.svelte";
import { HIDE_SHORTCUT_LABEL } from "../shell/hide";

/** The parts of the privacy statement, in the order a member reads them (`privacy.<part>` in i18n). */
export const privacyParts = ["stays", "locked", "leaves", "never", "watching", "hide"] as const;

/** The whole statement as plain text in the current language, for the reading-level check. */
export function privacyText(): string {
  return privacyParts
    .map((part) => `${t(`privacy.${part}.heading`)}. ${t(`privacy.${part}.body`, { key: HIDE_SHORTCUT_LABEL })}`)
    .join("\n");
}
