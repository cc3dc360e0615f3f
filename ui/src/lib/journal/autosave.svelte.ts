import { commands } from "../bindings/commands";
import type { Entry, EntryDraft } from "../bindings/types";
import { errorKey } from "../common/errors";

export const autosaveDelayMs = 700;

export type SaveState = "idle" | "saving" | "saved" | "failed";

type Content = Omit<EntryDraft, "id">;

function isBlank(content: Content): boolean {
  return !content.title.trim() && !content.body.trim() && content.mood === null && content.feelings.length === 0 && content.tags.length === 0 && content.sessionId === null;
}

/**
 * Saves an entry a short while after the last change. Saves run one at a time so the first
 * one creates the entry and every later one carries its id. A failed save keeps the change
 * pending, so nothing typed is dropped and the next change or `flush` tries again.
 */
export class EntrySaver {
  id = $state<string | null>(null);
  state = $state<SaveState>("idle");
  savedAt = $state<string | null>(null);
  errorKey = $state<string | null>(null);

  #content: () => Content;
  #delayMs: number;
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | null = null;

  constructor(content: () => Content, id: string | null = null, delayMs = autosaveDelayMs) {
    this.#content = content;
    this.#delayMs = delayMs;
    this.id = id;
  }

  get pending(): boolean {
    return this.#dirty || this.#running !== null;
  }

  changed(): void {
    this.#dirty = true;
    this.#clearTimer();
    this.#timer = setTimeout(() => void this.flush(), this.#delayMs);
  }

  /** Saves now if anything is waiting; resolves when the entry on disk matches the screen or a save failed. */
  async flush(): Promise<void> {
    this.#clearTimer();
    while (this.#running) await this.#running;
    if (!this.#dirty) return;
    const content = this.#content();
    this.#dirty = false;
    // Opening the editor and typing nothing (or clearing a new draft) leaves no empty entry behind.
    if (this.id === null && isBlank(content)) return;
    const run = this.#save({ ...content, id: this.id });
    this.#running = run;
    try {
      await run;
    } finally {
      this.#running = null;
    }
  }

  stop(): void {
    this.#clearTimer();
  }

  async #save(draft: EntryDraft): Promise<void> {
    this.state = "saving";
    this.errorKey = null;
    try {
      const entry: Entry = await commands.journalSave(draft);
      this.id = entry.id;
      this.savedAt = entry.updatedAt;
      this.state = this.#dirty ? "saving" : "saved";
    } catch (error) {
      this.#dirty = true;
      this.state = "failed";
      this.errorKey = errorKey(error);
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
