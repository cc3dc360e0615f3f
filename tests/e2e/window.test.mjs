// The window remembers where the member put it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch } from "./app.mjs";

test("size and position survive a restart", async () => {
  let app = await launch();
  const dataDir = app.dataDir;
  const wanted = { x: 64, y: 48, width: 900, height: 680 };
  try {
    await app.cmd("POST", "/window/rect", wanted);
    // Saved shortly after the member stops moving it, without a clean exit.
    const file = join(dataDir, "window-state.json");
    const until = Date.now() + 5000;
    while (!existsSync(file) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(file), "window-state.json written into the data dir");
    const saved = JSON.parse(readFileSync(file, "utf8")).main;
    assert.equal(saved.width, wanted.width);
    assert.equal(saved.height, wanted.height);
  } finally {
    await app.quit();
  }

  app = await launch(dataDir);
  try {
    const rect = await app.cmd("GET", "/window/rect");
    assert.deepEqual(
      { width: rect.width, height: rect.height },
      { width: wanted.width, height: wanted.height },
    );
    assert.deepEqual({ x: rect.x, y: rect.y }, { x: wanted.x, y: wanted.y });
  } finally {
    await app.quit();
  }
});
