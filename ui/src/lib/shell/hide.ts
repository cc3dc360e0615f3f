// One key hides Alongside at once and locks it, for a member who must not be seen using it. The
// window is hidden before the vault closes (in Rust), so nothing lingers on screen.

/** As the member reads it, in Settings and in Need help now. */
export const HIDE_SHORTCUT_LABEL = "Ctrl+Shift+H";

export function isHideKey(event: KeyboardEvent): boolean {
  return event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey && event.key.toLowerCase() === "h";
}
