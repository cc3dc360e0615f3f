import { commands } from "../bindings/commands";

export function isWebUrl(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Opens an http(s) link in the member's browser through the backend; anything else is ignored. */
export async function openUrl(href: string): Promise<boolean> {
  if (!isWebUrl(href)) return false;
  await commands.openWebLink(href);
  return true;
}

/** The primary button (`click`) and the middle one (`auxclick`), which would otherwise open a new window. */
const opensLink = new Set([0, 1]);

/**
 * Click and auxclick handler for rendered Markdown: links never navigate the app window
 * or open another one. A left or middle click opens http(s) in the browser; other buttons do nothing.
 */
export function interceptLinkClick(event: MouseEvent): Promise<boolean> {
  const target = event.target instanceof Element ? event.target.closest("a") : null;
  if (!target) return Promise.resolve(false);
  event.preventDefault();
  if (!opensLink.has(event.button)) return Promise.resolve(false);
  return openUrl(target.getAttribute("href") ?? "").catch(() => false);
}
