/**
 * Today's one main step: of the cards' own buttons only one is `.primary`, the others `.secondary`
 * (docs/DESIGN-SYSTEM.md). The next thing for the member wins: Join while a session can be joined,
 * else starting the suggested practice, else writing about the day's prompt.
 */
import { untrack } from "svelte";

const order = ["join", "practice", "prompt"] as const;

export type Step = (typeof order)[number];

// How many cards on screen offer each step (a card shown twice, or in a test, counts twice).
const offered = $state<Record<Step, number>>({ join: 0, practice: 0, prompt: 0 });

/** A card offers its step while it is shown and can take it; call the returned function when it no longer can. */
export function offer(step: Step): () => void {
  // Untracked: an effect that offers must not come to depend on the count it changes.
  untrack(() => (offered[step] += 1));
  let offering = true;
  return () => {
    if (!offering) return;
    offering = false;
    untrack(() => (offered[step] -= 1));
  };
}

/** Whether `step` is the main step of Today now, read reactively: its button is the `.primary` one. */
export function leads(step: Step): boolean {
  return order.find((s) => offered[s] > 0) === step;
}
