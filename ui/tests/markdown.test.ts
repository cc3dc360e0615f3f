import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { isWebUrl } from "../src/lib/journal/links";
import MarkdownPreview from "../src/lib/journal/MarkdownPreview.svelte";
import { renderMarkdown } from "../src/lib/journal/markdown";
import { fakeBackend } from "./ipc";

const corpus = [
  "<script>alert(1)</script>",
  "Hello <script src=https://evil.example/x.js></script> there",
  "<img src=x onerror=alert(1)>",
  "![pic](x onerror=alert(1))",
  "![pic](javascript:alert(1))",
  "[click](javascript:alert(1))",
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="  javascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  "[x](&#106;avascript:alert(1))",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  "<svg onload=alert(1)><circle r=5 /></svg>",
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  "<iframe src=https://evil.example></iframe>",
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  "<object data=x.swf></object><embed src=x.swf>",
  '<form action="https://evil.example"><button>Go</button></form>',
  '<p style="background:url(javascript:alert(1))">styled</p>',
  "<style>body{display:none}</style>",
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<div onclick="alert(1)" onmouseover="alert(2)">hover</div>',
  '<details open ontoggle=alert(1)>x</details>',
  '<a href="https://ok.example" onclick="alert(1)" target="_blank">ok</a>',
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "<<script>script>alert(1)<</script>/script>",
  '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
];

const forbiddenTags = ["script", "style", "iframe", "object", "embed", "form", "svg", "math", "img", "input", "base", "meta", "link", "video", "source"];

function parse(html: string): HTMLElement {
  const container = document.createElement("div");
  container.innerHTML = html;
  return container;
}

describe("markdown preview sanitising", () => {
  it.each(corpus)("leaves nothing executable in %s", (payload) => {
    const html = renderMarkdown(payload);
    const dom = parse(html);
    for (const tag of forbiddenTags) expect(dom.querySelector(tag), `${tag} in ${html}`).toBeNull();
    for (const element of dom.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        expect(attribute.name, html).not.toMatch(/^on/i);
        expect(attribute.name, html).not.toBe("style");
        expect(attribute.name, html).not.toBe("srcset");
        expect(attribute.value.toLowerCase().replace(/\s/g, ""), html).not.toMatch(/javascript:|vbscript:|data:/);
      }
    }
    for (const link of dom.querySelectorAll("a[href]")) {
      expect(link.getAttribute("href"), html).toMatch(/^(https?:|mailto:)/i);
    }
    expect(html.toLowerCase()).not.toMatch(/<script|<iframe|<svg|<math|<style|javascript:/);
  });

  it("still renders ordinary Markdown, with safe links", () => {
    const dom = parse(renderMarkdown("**Bold** and *soft*\n\n- one\n- two\n\n[site](https://example.org) [mail](mailto:a@example.org)"));
    expect(dom.querySelector("strong")).toHaveTextContent("Bold");
    expect(dom.querySelector("em")).toHaveTextContent("soft");
    expect(dom.querySelectorAll("li")).toHaveLength(2);
    const links = [...dom.querySelectorAll("a")];
    expect(links.map((link) => link.getAttribute("href"))).toEqual(["https://example.org", "mailto:a@example.org"]);
    for (const link of links) expect(link).toHaveAttribute("rel", "noopener noreferrer");
  });

  it("drops the target and keeps the text of unsafe links", () => {
    const dom = parse(renderMarkdown('<a href="javascript:alert(1)" target="_blank">label</a>'));
    const link = dom.querySelector("a");
    expect(link).toHaveTextContent("label");
    expect(link).not.toHaveAttribute("href");
    expect(link).not.toHaveAttribute("target");
  });

  it("knows which links may be opened", () => {
    expect(isWebUrl("https://example.org/a")).toBe(true);
    expect(isWebUrl("http://example.org")).toBe(true);
    expect(isWebUrl("mailto:a@example.org")).toBe(false);
    expect(isWebUrl("javascript:alert(1)")).toBe(false);
    expect(isWebUrl("not a url")).toBe(false);
  });
});

describe("links in the preview", () => {
  it("opens web links through the backend and never navigates", async () => {
    const calls = fakeBackend();
    render(MarkdownPreview, { source: "[site](https://example.org/help) and [mail](mailto:a@example.org)", labelledby: "x" });
    // The renderer is fetched when a preview first shows.
    const notPrevented = await fireEvent.click(await screen.findByRole("link", { name: "site" }));
    expect(notPrevented).toBe(false);
    await waitFor(() => expect(calls).toContainEqual({ cmd: "open_web_link", args: { url: "https://example.org/help" } }));
    expect(await fireEvent.click(screen.getByRole("link", { name: "mail" }))).toBe(false);
    expect(calls.filter((call) => call.cmd === "open_web_link")).toHaveLength(1);
  });
});

describe("middle-clicks on links in the preview", () => {
  const auxclick = (button: number) => new MouseEvent("auxclick", { bubbles: true, cancelable: true, button });

  it("opens a web link in the browser like a click, and never lets the webview open it", async () => {
    const calls = fakeBackend();
    render(MarkdownPreview, { source: "[site](https://example.org/help) and [mail](mailto:a@example.org)", labelledby: "x" });
    const site = await screen.findByRole("link", { name: "site" });
    expect(await fireEvent(site, auxclick(1))).toBe(false);
    await waitFor(() => expect(calls).toContainEqual({ cmd: "open_web_link", args: { url: "https://example.org/help" } }));
    // Other buttons and other kinds of link are held back and open nothing.
    expect(await fireEvent(site, auxclick(2))).toBe(false);
    expect(await fireEvent(screen.getByRole("link", { name: "mail" }), auxclick(1))).toBe(false);
    expect(calls.filter((call) => call.cmd === "open_web_link")).toHaveLength(1);
  });
});
