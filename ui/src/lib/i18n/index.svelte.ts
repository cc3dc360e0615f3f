import type { Language } from "../bindings/types";
import en from "./en.json";
import es from "./es.json";

export type Locale = "en" | "es";
export type Params = Record<string, string | number>;
type MessageTree = { [key: string]: string | MessageTree };

const catalogs: Record<Locale, MessageTree> = { en, es };

/** The language to use when settings say "system" (or could not be read). */
export function resolveLocale(language: Language, systemLanguage: string = navigator.language): Locale {
  if (language === "en" || language === "es") return language;
  return systemLanguage.toLowerCase().startsWith("es") ? "es" : "en";
}

let current = $state<Locale>(resolveLocale("system"));

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  current = locale;
  // Screen readers pick their voice from this; keep it in step with the text.
  document.documentElement.lang = locale;
}

function lookup(tree: MessageTree, key: string): string | undefined {
  let node: string | MessageTree | undefined = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function hasKey(key: string, locale: Locale = current): boolean {
  return lookup(catalogs[locale], key) !== undefined;
}

/**
 * Translated text for `key`, with `{name}` placeholders filled from `params`.
 * Reading `current` here is what makes every caller in markup re-render on a language switch.
 */
export function t(key: string, params?: Params): string {
  // English backs up a missing translation so the member never sees a raw key in the other language.
  const template = lookup(catalogs[current], key) ?? lookup(catalogs.en, key) ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}
