// A small W3C WebDriver client for tauri-driver: just the calls the suite
// needs, so the end-to-end tests have no dependency beyond Node itself.

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application, args = []) {
    const body = {
      capabilities: {
        alwaysMatch: { "tauri:options": { application, args } },
      },
    };
    const value = await request(base, "POST", "/session", body);
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async quit() {
    await this.cmd("DELETE", "").catch(() => {});
  }

  async find(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return new Element(this, value[ELEMENT]);
  }

  async findAll(css) {
    const value = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return value.map((v) => new Element(this, v[ELEMENT]));
  }

  /// Polls until `css` matches a displayed element, as a person waits for a screen.
  async waitFor(css, timeoutMs = 10000) {
    const until = Date.now() + timeoutMs;
    let last;
    while (Date.now() < until) {
      try {
        const el = await this.find(css);
        if (await el.displayed()) return el;
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${css}: ${last?.message ?? "not displayed"}`);
  }

  async waitGone(css, timeoutMs = 5000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const els = await this.findAll(css);
      const shown = await Promise.all(els.map((e) => e.displayed().catch(() => false)));
      if (!shown.some(Boolean)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${css} is still shown`);
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  executeAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  async activeTestId() {
    return this.execute("return document.activeElement && document.activeElement.getAttribute('data-testid')");
  }

  async keys(text) {
    const actions = [...text].flatMap((ch) => [
      { type: "keyDown", value: ch },
      { type: "keyUp", value: ch },
    ]);
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.cmd("DELETE", "/actions");
  }

  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }

  async setTimeouts(ms) {
    await this.cmd("POST", "/timeouts", { script: ms });
  }
}

export const Keys = { TAB: "\uE004", ENTER: "\uE007", ESCAPE: "\uE00C", SPACE: "\uE00D", F1: "\uE031" };

class Element {
  constructor(session, id) {
    this.s = session;
    this.id = id;
  }
  /**
   * Scrolls the element to the middle of the window first, as a person would: WebDriver's own
   * scrolling may leave it under the header, which stays in view at the top of every screen.
   */
  async click() {
    await this.s.execute("arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });", [{ [ELEMENT]: this.id }]);
    return this.s.cmd("POST", `/element/${this.id}/click`, {});
  }
  text() {
    return this.s.cmd("GET", `/element/${this.id}/text`);
  }
  attr(name) {
    return this.s.cmd("GET", `/element/${this.id}/attribute/${name}`);
  }
  displayed() {
    return this.s.cmd("GET", `/element/${this.id}/displayed`);
  }
  enabled() {
    return this.s.cmd("GET", `/element/${this.id}/enabled`);
  }
  type(text) {
    return this.s.cmd("POST", `/element/${this.id}/value`, { text });
  }
  clear() {
    return this.s.cmd("POST", `/element/${this.id}/clear`, {});
  }
  property(name) {
    return this.s.cmd("GET", `/element/${this.id}/property/${name}`);
  }
  async find(css) {
    const value = await this.s.cmd("POST", `/element/${this.id}/element`, { using: "css selector", value: css });
    return new Element(this.s, value[ELEMENT]);
  }
  async findAll(css) {
    const value = await this.s.cmd("POST", `/element/${this.id}/elements`, { using: "css selector", value: css });
    return value.map((v) => new Element(this.s, v[ELEMENT]));
  }
}

/** The longest one WebDriver command may take: a driver that stops answering fails the test
 *  with the command named, rather than holding the suite for the runner's ten minutes. */
const COMMAND_TIMEOUT_MS = 90_000;

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
  }).catch((e) => {
    throw new Error(`${method} ${path}: no answer from the driver (${e.name})`);
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json.value?.error) {
    const err = json.value ?? {};
    throw new Error(`${method} ${path}: ${err.error ?? res.status} ${err.message ?? ""}`.trim());
  }
  return json.value;
}
