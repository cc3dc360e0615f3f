// Fails the build when the locales drift apart or the source asks for a key that does not exist.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = join(root, "src");
const localeDir = join(srcDir, "lib", "i18n");
const locales = ["en", "es"];

/** @type {string[]} */
const problems = [];

/**
 * @param {unknown} node
 * @param {string} prefix
 * @param {Map<string, string>} out
 * @param {string} locale
 */
function flatten(node, prefix, out, locale) {
  if (typeof node === "string") {
    out.set(prefix, node);
    return;
  }
  if (typeof node !== "object" || node === null || Array.isArray(node)) {
    problems.push(`${locale}: "${prefix}" must be a string or an object`);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    flatten(value, prefix ? `${prefix}.${key}` : key, out, locale);
  }
}

/** @type {Map<string, Map<string, string>>} */
const catalogs = new Map();
for (const locale of locales) {
  const file = join(localeDir, `${locale}.json`);
  /** @type {Map<string, string>} */
  const flat = new Map();
  try {
    flatten(JSON.parse(readFileSync(file, "utf8")), "", flat, locale);
  } catch (error) {
    problems.push(`${locale}: cannot read ${relative(root, file)}: ${error instanceof Error ? error.message : error}`);
  }
  catalogs.set(locale, flat);
}

/** @param {string} text */
function placeholders(text) {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort().join(",");
}

const allKeys = new Set([...catalogs.values()].flatMap((flat) => [...flat.keys()]));
for (const key of [...allKeys].sort()) {
  for (const locale of locales) {
    const value = catalogs.get(locale)?.get(key);
    if (value === undefined) problems.push(`${locale}: missing key "${key}"`);
    else if (value.trim() === "") problems.push(`${locale}: empty value for "${key}"`);
  }
  const [first, ...rest] = locales;
  const reference = catalogs.get(first ?? "")?.get(key);
  for (const locale of rest) {
    const other = catalogs.get(locale)?.get(key);
    if (reference !== undefined && other !== undefined && placeholders(reference) !== placeholders(other)) {
      problems.push(
        `${locale}: placeholders of "${key}" are {${placeholders(other)}} but ${first} has {${placeholders(reference)}}`,
      );
    }
  }
}

/**
 * @param {string} dir
 * @returns {string[]}
 */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return [".svelte", ".ts", ".js", ".mjs"].includes(extname(entry.name)) ? [path] : [];
  });
}

const used = new Set();
for (const file of sourceFiles(srcDir)) {
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/\bt\(\s*(["'])([^"'\n]+)\1/g)) {
    const key = match[2] ?? "";
    used.add(key);
    for (const locale of locales) {
      if (!catalogs.get(locale)?.has(key)) problems.push(`${locale}: "${key}" used in ${relative(root, file)} is missing`);
    }
  }
}

if (problems.length > 0) {
  console.error(`check-i18n: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}

console.log(`check-i18n: OK — ${locales.length} locales, ${allKeys.size} keys each, ${used.size} keys used in src`);
