/** A prompt chosen outside the journal (for example on Today) that the journal opens once it mounts. */
let pendingPrompt: string | null = null;

export function requestPrompt(id: string): void {
  pendingPrompt = id;
}

export function takeRequestedPrompt(): string | null {
  const id = pendingPrompt;
  pendingPrompt = null;
  return id;
}
