import { errorKey } from "./errors";

/**
 * Deleting with undo: the backend hands the deleted item back, and undo writes it again as it was.
 * `removed` is what the undo toast offers; `error` says why a delete or an undo failed.
 */
export class Removal<T> {
  removed = $state<T | null>(null);
  error = $state<string | null>(null);
  readonly #remove: (item: T) => Promise<T>;
  readonly #restore: (item: T) => Promise<unknown>;
  readonly #changed: () => void;

  constructor(remove: (item: T) => Promise<T>, restore: (item: T) => Promise<unknown>, changed: () => void) {
    this.#remove = remove;
    this.#restore = restore;
    this.#changed = changed;
  }

  async delete(item: T): Promise<void> {
    this.error = null;
    try {
      this.removed = await this.#remove(item);
      this.#changed();
    } catch (failure) {
      this.error = errorKey(failure);
    }
  }

  async undo(): Promise<void> {
    const item = this.removed;
    this.removed = null;
    if (item === null) return;
    try {
      await this.#restore(item);
      this.#changed();
    } catch (failure) {
      this.error = errorKey(failure);
    }
  }

  dismiss(): void {
    this.removed = null;
  }
}
