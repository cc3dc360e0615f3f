/** A per-second countdown for "please wait" messages; `seconds` reaches 0 and stays there. */
export class Countdown {
  seconds = $state(0);
  #timer: ReturnType<typeof setInterval> | undefined;

  start(seconds: number, ondone?: () => void): void {
    this.stop();
    this.seconds = Math.max(0, Math.ceil(seconds));
    if (this.seconds === 0) return;
    this.#timer = setInterval(() => {
      this.seconds = Math.max(0, this.seconds - 1);
      if (this.seconds > 0) return;
      this.stop();
      ondone?.();
    }, 1000);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
