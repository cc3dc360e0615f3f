import type { Reading } from "./fields";

/**
 * What DateField and TimeField share: a value typed in parts, given to the parent as soon as the
 * parts make a whole one, announced with onchange when the member leaves a part, and a message
 * held back until then — no error while someone is still typing.
 */
export class PartedValue<Part extends string, Problem> {
  /** The value last taken from or given to the parent. */
  written: string;
  /** The value last announced with onchange. */
  #announced: string;
  shown = $state(false);
  readonly inputs = $state<Partial<Record<Part, HTMLElement>>>({});
  readonly #read: () => Reading<Part, Problem>;

  constructor(value: string, read: () => Reading<Part, Problem>) {
    this.written = this.#announced = value;
    this.#read = read;
  }

  /** What is wrong, once it may be shown. */
  get problem(): Extract<Reading<Part, Problem>, { ok: false }> | null {
    const reading = this.#read();
    return this.shown && !reading.ok ? reading : null;
  }

  faulty(part: Part, invalid: boolean): boolean {
    return invalid || (this.problem?.parts.includes(part) ?? false);
  }

  /** A value from the parent (a reset, a saved value coming back): true when the parts must follow it. */
  receive(next: string): boolean {
    if (next === this.written) return false;
    this.written = this.#announced = next;
    this.shown = false;
    return true;
  }

  /** After a part changed: the new whole value for the parent, or null when there is none. */
  take(): string | null {
    const now = this.#read();
    if (!now.ok) return null;
    this.shown = false;
    if (now.value === this.written) return null;
    this.written = now.value;
    return now.value;
  }

  /** The value to announce with onchange, once per value; null when there is nothing new. */
  commit(): string | null {
    const now = this.#read();
    if (!now.ok || now.value === this.#announced) return null;
    this.#announced = now.value;
    return now.value;
  }

  /** Leaving for another part of the same field is not leaving the field. */
  leave(event: FocusEvent): void {
    const next = event.relatedTarget;
    if (next instanceof Node && Object.values(this.inputs).some((input) => input === next)) return;
    this.shown = !this.#read().ok;
  }

  /** Shows what is wrong, if anything; true when the parts make a value or are all empty. */
  validate(): boolean {
    const ok = this.#read().ok;
    this.shown = !ok;
    return ok;
  }
}
