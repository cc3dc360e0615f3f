// The design system holds: screens take type sizes from the scale and leave
// headings and form controls to app.css. Fails, naming file and selector,
// on a component <style> that sets a font size other than a --text-* token,
// any size on a heading, or the size, padding, border or radius of a text
// field, select or text area. Printing (its own page in points) is exempt.
// See docs/DESIGN-SYSTEM.md.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "svelte/compiler";

const root = new URL("../src", import.meta.url).pathname;
const CONTROL_PROPS = /^(height|min-height|max-height|padding(-\w+)?|border(-\w+)?|font-size|line-height)$/;
const CONTROL = /(^|[\s>+~(,])(input|select|textarea)(?![\w-])(?!\[type="?(range|checkbox|radio|color|file)"?\])/;
const HEADING = /(^|[\s>+~(,])h[1-6](?![\w-])/;

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith(".svelte") ? [path] : [];
  });
}

/** @type {string[]} */
const problems = [];
for (const file of files(root)) {
  const source = readFileSync(file, "utf8");
  const ast = parse(source, { modern: true, filename: file });
  if (!ast.css) continue;
  /** @param {any[]} nodes @param {boolean} inPrint */
  const visit = (nodes, inPrint) => {
    for (const node of nodes) {
      if (node.type === "Atrule") {
        if (node.block) visit(node.block.children, inPrint || /print/.test(node.prelude));
        continue;
      }
      if (node.type !== "Rule" || inPrint) continue;
      const selector = source.slice(node.prelude.start, node.prelude.end).replace(/\s+/g, " ").trim();
      const last = selector.split(",").map((s) => s.trim());
      for (const decl of node.block.children) {
        if (decl.type !== "Declaration") continue;
        const prop = decl.property;
        const value = String(decl.value).trim();
        const where = `${relative(root, file)}: ${selector} { ${prop}: ${value} }`;
        if (prop === "font-size" && !/^var\(--text-[\w-]+\)$|^inherit$/.test(value)) {
          problems.push(`${where} — a font size from the scale (var(--text-…))`);
        } else if (prop === "font-size" && last.some((s) => HEADING.test(s.split(/[\s>+~]/).pop() ?? ""))) {
          problems.push(`${where} — headings take their size from app.css`);
        } else if (CONTROL_PROPS.test(prop) && last.some((s) => CONTROL.test(" " + (s.split(/[\s>+~]/).pop() ?? "")))) {
          problems.push(`${where} — text fields, selects and text areas take their size from app.css`);
        }
      }
      visit(node.block.children.filter((/** @type {any} */ c) => c.type === "Rule" || c.type === "Atrule"), inPrint);
    }
  };
  visit(ast.css.children, false);
}

if (problems.length) {
  console.error(`check-design: ${problems.length} rule(s) outside the design system:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("check-design: OK — every screen takes its type and control sizes from the design system");
