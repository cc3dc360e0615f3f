import { describe, expect, it } from "vitest";
import { exercise, type Step } from "../src/lib/practice/library";
import { breathAt, Player } from "../src/lib/practice/player";

const words = { en: "x", es: "x" };
const steps: Step[] = [
  { kind: "guided", text: words },
  { kind: "timed", seconds: 10, text: words },
  { kind: "timed", seconds: 5, text: words },
  { kind: "guided", text: words },
];

function clock(start = 1000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("the player", () => {
  it("waits on guided steps and moves on from timed ones exactly when their time is up", () => {
    const c = clock();
    const p = new Player(steps, c.now);
    c.advance(60_000);
    expect(p.index).toBe(0);
    p.next();
    c.advance(9_999);
    expect([p.index, p.remainingMs]).toEqual([1, 1]);
    c.advance(1);
    expect([p.index, p.elapsedMs]).toEqual([2, 0]);
    // Looked at late: the overrun belongs to the next step, so nothing drifts.
    c.advance(5_300);
    expect([p.index, p.finished]).toEqual([3, false]);
    p.next();
    expect(p.finished).toBe(true);
  });

  it("runs two timed steps back to back with no time lost, however rarely it is asked", () => {
    const c = clock();
    const p = new Player(steps, c.now);
    p.next();
    c.advance(12_000);
    expect([p.index, p.elapsedMs]).toEqual([2, 2_000]);
  });

  it("pauses across the moment a step would end, and resumes where it was", () => {
    const c = clock();
    const p = new Player(steps, c.now);
    p.next();
    c.advance(9_000);
    p.pause();
    c.advance(60_000);
    expect([p.index, p.remainingMs, p.paused]).toEqual([1, 1_000, true]);
    p.resume();
    c.advance(999);
    expect(p.index).toBe(1);
    c.advance(1);
    expect(p.index).toBe(2);
    expect(p.practisedMs).toBe(10_000 + 60_000 - 60_000);
  });

  it("goes back to a step's start, then to the one before; restart and stop do what they say", () => {
    const c = clock();
    const p = new Player(steps, c.now);
    p.next();
    c.advance(6_000);
    p.back();
    expect([p.index, p.elapsedMs]).toEqual([1, 0]);
    p.back();
    expect(p.index).toBe(0);
    p.next();
    c.advance(3_000);
    p.restart();
    expect([p.index, p.finished]).toEqual([0, false]);
    p.stop();
    expect(p.finished).toBe(true);
    const at = p.practisedMs;
    c.advance(10_000);
    expect(p.practisedMs).toBe(at);
  });

  it("does not move while paused on a step that was entered paused", () => {
    const c = clock();
    const p = new Player(steps, c.now);
    p.pause();
    p.next();
    c.advance(30_000);
    expect([p.index, p.remainingMs]).toEqual([1, 10_000]);
    p.resume();
    c.advance(10_000);
    expect(p.index).toBe(2);
  });

  it("keeps a five-minute exercise on time to the millisecond, asked every 250 ms with jitter", () => {
    const c = clock();
    const p = new Player([{ kind: "timed", seconds: 300, text: words }, { kind: "guided", text: words }], c.now);
    let asked = 0;
    while (p.index === 0) {
      c.advance(250 + (asked++ % 7) * 3);
      void p.remainingMs;
    }
    // It moved on within one look of the 300 s mark, and the next step counts from the mark itself.
    expect(p.practisedMs).toBeGreaterThanOrEqual(300_000);
    expect(p.practisedMs - 300_000).toBeLessThan(270);
  });
});

describe("when the shown time changes next", () => {
  it("is the next whole second left, the step's end, or nothing while paused or on a guided step", () => {
    const c = clock();
    const p = new Player(steps, c.now);
    expect(p.untilChangeMs).toBe(Infinity);
    p.next();
    expect(p.untilChangeMs).toBe(1000);
    c.advance(300);
    expect(p.untilChangeMs).toBe(700);
    c.advance(700);
    // The display reads 0:09 now; the next change is a whole second on.
    expect(p.untilChangeMs).toBe(1000);
    p.pause();
    expect(p.untilChangeMs).toBe(Infinity);
    p.resume();
    c.advance(8_999);
    expect([p.index, p.untilChangeMs]).toEqual([1, 1]);
  });

  it("follows the breath count too, whose half-second phases fall between the seconds", () => {
    const c = clock();
    const paced: Step[] = [
      { kind: "timed", seconds: 60, text: words, breath: [{ phase: "in", seconds: 5.5 }, { phase: "out", seconds: 5.5 }] },
    ];
    const p = new Player(paced, c.now);
    c.advance(200);
    expect(p.untilChangeMs).toBe(300);
    c.advance(300);
    expect(p.untilChangeMs).toBe(500);
    c.advance(4_900);
    // 100 ms before the out-breath begins.
    expect(p.untilChangeMs).toBe(100);
  });
});

describe("the breathing pace", () => {
  const box = exercise("box-breathing")?.steps.find((s) => s.kind === "timed");
  const pattern = box?.kind === "timed" ? (box.breath ?? []) : [];

  it("says the phase and the seconds left in it, round the cycle", () => {
    expect(pattern.map((p) => p.phase)).toEqual(["in", "hold", "out", "hold"]);
    const at = (ms: number) => {
      const b = breathAt(pattern, ms);
      return `${b.phase.phase} ${b.count}`;
    };
    expect([at(0), at(999), at(1000), at(3999), at(4000), at(8000), at(12_500), at(16_000)]).toEqual([
      "in 4",
      "in 4",
      "in 3",
      "in 1",
      "hold 4",
      "out 4",
      "hold 4",
      "in 4",
    ]);
  });

  it("handles half seconds (paced breathing, 5.5 in and 5.5 out)", () => {
    const paced = [
      { phase: "in" as const, seconds: 5.5 },
      { phase: "out" as const, seconds: 5.5 },
    ];
    expect(breathAt(paced, 5_400).phase.phase).toBe("in");
    expect(breathAt(paced, 5_500).phase.phase).toBe("out");
    expect(breathAt(paced, 5_500).count).toBe(6);
  });
});
