import DOMPurify from "dompurify";
import { marked } from "marked";

const allowedProtocols = /^(?:https?:|mailto:)/i;

const forbidTags = ["style", "script", "iframe", "object", "embed", "form", "input", "button", "textarea", "select", "link", "meta", "base", "svg", "math", "img", "video", "audio", "source", "frame", "frameset", "template"];
const forbidAttr = ["style", "srcset", "action", "formaction", "xlink:href", "background", "poster"];

const purifier = DOMPurify();

purifier.addHook("uponSanitizeAttribute", (_node, data) => {
  // Any on* attribute is an event handler, whatever the browser knows about.
  if (/^on/i.test(data.attrName)) data.keepAttr = false;
});

purifier.addHook("afterSanitizeAttributes", (node) => {
  if (node.nodeName !== "A") return;
  const href = node.getAttribute("href");
  if (href === null || !allowedProtocols.test(href.trim())) node.removeAttribute("href");
  node.setAttribute("rel", "noopener noreferrer");
  node.removeAttribute("target");
});

/**
 * Renders the member's Markdown as HTML that is safe to insert: no scripts, no styles,
 * no embedded content, no SVG or MathML, no event handlers, and links only to http(s) or mail.
 */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: true });
  return purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: forbidTags,
    FORBID_ATTR: forbidAttr,
    ALLOWED_URI_REGEXP: allowedProtocols,
    ALLOW_DATA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
  });
}
