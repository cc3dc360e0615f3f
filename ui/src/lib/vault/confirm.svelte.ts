import type { ErrorCode } from "../bindings/types";
import { tick } from "svelte";
import { commands } from "../bindings/commands";
import { errorKey, isCode } from "../common/errors";
import { t } from "../i18n/index.svelte";
import { Countdown } from "./countdown.svelte";

/** Refusals about the typed passphrase itself; they are shown beside its field. */
const passphraseCodes: readonly ErrorCode[] = ["wrong_passphrase", "too_many_attempts", "passphrase_required"];

export function isPassphraseRefusal(failure: unknown): boolean {
  return passphraseCodes.some((code) => isCode(failure, code));
}

/**
 * The member's current vault passphrase typed to confirm something, with the
 * backend's growing waits after wrong tries counted down as on the unlock screen.
 */
export class PassphraseCheck {
  passphrase = $state("");
  /** Message key shown beside the field. */
  error = $state<string | null>(null);
  input = $state<HTMLInputElement>();
  readonly #wait = new Countdown();

  get waiting(): boolean {
    return this.#wait.seconds > 0;
  }

  get waitText(): string {
    if (!this.waiting) return "";
    return this.#wait.seconds === 1 ? t("unlock.waitOne") : t("unlock.wait", { seconds: this.#wait.seconds });
  }

  startWait(seconds: number): void {
    this.error = "errors.too_many_attempts";
    this.#wait.start(seconds, () => {
      if (this.error === "errors.too_many_attempts") this.error = null;
    });
  }

  /** Ends the countdown early (the screen is going away); the backend still enforces the wait. */
  stop(): void {
    this.#wait.start(0);
  }

  /** Shows why the backend refused; after too many tries, counts down the wait it now asks for. */
  async failed(failure: unknown): Promise<void> {
    this.error = errorKey(failure);
    if (!isCode(failure, "too_many_attempts")) return;
    try {
      const status = await commands.vaultStatus();
      if (status.retryAfterSecs) this.startWait(status.retryAfterSecs);
    } catch {
      // The message alone still tells the member to wait.
    }
  }

  async focus(): Promise<void> {
    await tick();
    this.input?.focus();
  }

  /**
   * Hands the typed passphrase to `action` and clears the field whatever happens.
   * Resolves to null when nothing was done because of the passphrase (the reason is
   * shown beside the field, which takes focus again); any other failure is thrown.
   */
  async send<T>(action: (passphrase: string) => Promise<T>): Promise<T | null> {
    if (this.waiting) return null;
    const typed = this.passphrase;
    this.passphrase = "";
    if (typed === "") {
      this.error = "errors.passphrase_required";
      await this.focus();
      return null;
    }
    this.error = null;
    try {
      return await action(typed);
    } catch (failure) {
      if (!isPassphraseRefusal(failure)) throw failure;
      await this.failed(failure);
      await this.focus();
      return null;
    }
  }
}
