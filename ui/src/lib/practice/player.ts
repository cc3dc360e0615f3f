import type { BreathPhase, Step } from "./library";

/**
 * The guided player's clock work, apart from any view: which step is showing, how far a timed step
 * has run, pause and resume (also across the moment a step ends), back, restart, stop. Time comes
 * from `now` (milliseconds, e.g. `performance.now`), read on every question, so a timer never drifts
 * however often the view looks; tests pass their own.
 */
export class Player {
  readonly steps: readonly Step[];
  #now: () => number;
  #index = 0;
  /** Time run in the current step before the last resume. */
  #banked = 0;
  /** When the current run began; null while paused or on an untimed step. */
  #since: number | null = null;
  #paused = false;
  #finished = false;
  #startedAt: number;
  #pausedMs = 0;
  #pausedAt: number | null = null;
  #finishedAt: number | null = null;

  constructor(steps: readonly Step[], now: () => number) {
    this.steps = steps;
    this.#now = now;
    this.#startedAt = now();
    this.#enter(0, 0);
  }

  get index(): number {
    this.#catchUp();
    return this.#index;
  }

  get step(): Step | undefined {
    return this.steps[this.index];
  }

  get paused(): boolean {
    return this.#paused;
  }

  get finished(): boolean {
    this.#catchUp();
    return this.#finished;
  }

  /** Milliseconds the current timed step has run (0 for other steps). */
  get elapsedMs(): number {
    this.#catchUp();
    return this.#run();
  }

  get remainingMs(): number {
    const step = this.step;
    return step?.kind === "timed" ? Math.max(0, step.seconds * 1000 - this.elapsedMs) : 0;
  }

  /**
   * Milliseconds until what the player shows next changes by itself: the seconds left, the breath
   * count, or the step's end. Infinity while nothing moves (paused, or a step the member advances).
   * A view that wakes just then shows each change on time without polling.
   */
  get untilChangeMs(): number {
    const step = this.step;
    if (this.#paused || this.#finished || step?.kind !== "timed") return Infinity;
    const toSecond = (left: number) => left % 1000 || 1000;
    const elapsed = this.elapsedMs;
    const wait = toSecond(Math.max(0, step.seconds * 1000 - elapsed));
    if (!step.breath) return wait;
    const here = breathAt(step.breath, elapsed);
    return Math.min(wait, toSecond(here.phase.seconds * 1000 - here.phaseMs));
  }

  /** Time spent in the exercise, pauses left out: what the log records. */
  get practisedMs(): number {
    this.#catchUp();
    const end = this.#finishedAt ?? this.#now();
    const pausedNow = this.#pausedAt === null ? 0 : end - this.#pausedAt;
    return Math.max(0, end - this.#startedAt - this.#pausedMs - pausedNow);
  }

  pause(): void {
    this.#catchUp();
    if (this.#paused || this.#finished) return;
    this.#bank();
    this.#paused = true;
    this.#pausedAt = this.#now();
  }

  resume(): void {
    this.#catchUp();
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#pausedAt !== null) this.#pausedMs += this.#now() - this.#pausedAt;
    this.#pausedAt = null;
    if (this.steps[this.#index]?.kind === "timed") this.#since = this.#now();
  }

  next(): void {
    this.#catchUp();
    if (this.#finished) return;
    this.#bank();
    this.#enter(this.#index + 1, 0);
  }

  back(): void {
    this.#catchUp();
    this.#bank();
    this.#finished = false;
    this.#finishedAt = null;
    // On a step that has run a while, back starts it again; at its start, it goes to the one before.
    const target = this.#banked > 2000 ? this.#index : Math.max(0, this.#index - 1);
    this.#enter(target, 0);
  }

  restart(): void {
    this.#bank();
    this.#finished = false;
    this.#finishedAt = null;
    this.#enter(0, 0);
  }

  stop(): void {
    this.#catchUp();
    this.#bank();
    this.#finish();
  }

  /** `over`: how long ago it really ended (a timer's overrun). */
  #finish(over = 0): void {
    if (!this.#finished) this.#finishedAt = this.#pausedAt ?? this.#now() - over;
    this.#finished = true;
  }

  #run(): number {
    return this.#banked + (this.#since === null ? 0 : this.#now() - this.#since);
  }

  #bank(): void {
    if (this.#since !== null) {
      this.#banked += this.#now() - this.#since;
      this.#since = null;
    }
  }

  /** Starts step `index` with `carried` ms already run (what the last one ran over). */
  #enter(index: number, carried: number): void {
    this.#index = index;
    this.#banked = carried;
    this.#since = null;
    if (index >= this.steps.length) {
      this.#index = this.steps.length - 1;
      this.#finish(carried);
      return;
    }
    if (this.steps[index]?.kind === "timed" && !this.#paused) this.#since = this.#now() - carried;
    if (this.#since !== null) this.#banked = 0;
  }

  /** Moves on from every timed step whose time is up, carrying the overrun so no time is lost. */
  #catchUp(): void {
    for (;;) {
      const step = this.steps[this.#index];
      if (this.#finished || this.#since === null || step?.kind !== "timed") return;
      const over = this.#run() - step.seconds * 1000;
      if (over < 0) return;
      this.#since = null;
      this.#enter(this.#index + 1, over);
    }
  }
}

/** Where a breathing step is: the phase, and the whole seconds left in it ("Breathe in… 3"). */
export function breathAt(pattern: readonly BreathPhase[], elapsedMs: number): { phase: BreathPhase; index: number; count: number; phaseMs: number } {
  const cycle = pattern.reduce((sum, p) => sum + p.seconds * 1000, 0);
  let into = cycle > 0 ? elapsedMs % cycle : 0;
  for (const [index, phase] of pattern.entries()) {
    const length = phase.seconds * 1000;
    if (into < length) return { phase, index, count: Math.max(1, Math.ceil((length - into) / 1000)), phaseMs: into };
    into -= length;
  }
  const first = pattern[0] ?? { phase: "in", seconds: 4 };
  return { phase: first, index: 0, count: Math.ceil(first.seconds), phaseMs: 0 };
}
