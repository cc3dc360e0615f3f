import { describe, expect, it } from "vitest";
import { errorCodes } from "../src/lib/bindings/values";
import { codeKey, errorKey, isAppError } from "../src/lib/common/errors";
import { parseRoute } from "../src/lib/common/router";
import { resolveLocale, setLocale, t } from "../src/lib/i18n/index.svelte";

describe("errors", () => {
  it.each(errorCodes)("maps %s to its own message", (code) => {
    expect(errorKey({ code, message: "raw backend text" })).toBe(`errors.${code}`);
    expect(t(errorKey({ code, message: "raw backend text" }))).not.toBe(t("errors.unknown"));
    setLocale("es");
    expect(t(errorKey({ code, message: "raw backend text" }))).not.toBe(t("errors.unknown"));
    setLocale("en");
  });

  it("falls back to a generic message for unknown codes and non-AppError values", () => {
    expect(errorKey({ code: "brand_new", message: "x" })).toBe("errors.unknown");
    expect(errorKey(new Error("boom"))).toBe("errors.unknown");
    expect(errorKey("plain string")).toBe("errors.unknown");
    expect(errorKey(null)).toBe("errors.unknown");
    expect(isAppError({ code: "io" })).toBe(false);
  });

  it("maps a recorded code (a backup's last failure, a ledger outcome) the same way", () => {
    expect(codeKey("backup_no_passphrase")).toBe(errorKey({ code: "backup_no_passphrase", message: "x" }));
    expect(codeKey("brand_new")).toBe("errors.unknown");
  });

  it("translates error messages into Spanish", () => {
    setLocale("es");
    expect(t(errorKey({ code: "settings_not_saved", message: "x" }))).toBe("No se pudo guardar tu configuración. Inténtalo de nuevo.");
    expect(t(errorKey({ code: "nope", message: "x" }))).toBe("Algo salió mal. Inténtalo de nuevo.");
  });
});

describe("i18n", () => {
  it("resolves the system language from the browser locale", () => {
    expect(resolveLocale("system", "es-MX")).toBe("es");
    expect(resolveLocale("system", "ES")).toBe("es");
    expect(resolveLocale("system", "en-US")).toBe("en");
    expect(resolveLocale("system", "fr-FR")).toBe("en");
    expect(resolveLocale("es", "en-US")).toBe("es");
    expect(resolveLocale("en", "es-ES")).toBe("en");
  });

  it("fills placeholders and leaves unknown ones alone", () => {
    expect(t("help.call", { number: "988" })).toBe("Call 988");
    setLocale("es");
    expect(t("help.call", { number: "988" })).toBe("Llamar al 988");
    expect(t("help.call")).toBe("Llamar al {number}");
  });

  it("returns the key itself for a missing entry rather than nothing", () => {
    expect(t("does.not.exist")).toBe("does.not.exist");
    expect(t("nav")).toBe("nav");
  });
});

describe("vault error copy", () => {
  it("reassures that nothing was deleted when the vault cannot be opened", () => {
    for (const code of ["vault_damaged", "database_unreadable"]) {
      expect(t(errorKey({ code, message: "x" }))).toContain("Nothing has been changed or deleted.");
    }
    expect(t("errors.wrong_passphrase")).toBe("That passphrase doesn't match. Check Caps Lock and try again.");
  });
});

describe("router", () => {
  it("parses hashes and defaults to Today", () => {
    expect(parseRoute("#/journal")).toBe("journal");
    expect(parseRoute("#/settings/extra")).toBe("settings");
    expect(parseRoute("")).toBe("today");
    expect(parseRoute("#/nowhere")).toBe("today");
    expect(parseRoute("#/constructor")).toBe("today");
  });
});
