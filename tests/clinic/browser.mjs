#!/usr/bin/env node
// Stands in for the member's web browser where there is none (a virtual
// display, the end-to-end suite): opens the sign-in page, which the test
// clinic approves at once, and follows it back to the app.
const url = process.argv[2];
if (!url) {
  console.error("usage: browser.mjs URL");
  process.exit(2);
}
const page = await fetch(url, { redirect: "follow" });
process.exit(page.ok ? 0 : 1);
