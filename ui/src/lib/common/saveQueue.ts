/** Saves one after another, the newest content last, so a quick burst of typing never races itself. */
export class SaveQueue {
  #chain: Promise<void> = Promise.resolve();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: (() => Promise<void>) | null = null;

  constructor(readonly delayMs: number) {}

  /** Saves `task` after a pause in typing (a later call replaces it). */
  soon(task: () => Promise<void>): void {
    this.#pending = task;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Saves what is waiting now, and resolves once everything queued is written. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const task = this.#pending;
    this.#pending = null;
    if (task) this.#chain = this.#chain.then(task, task);
    return this.#chain;
  }
}
