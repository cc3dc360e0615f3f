// A modal dialog makes the header behind it inert, taking the "Need help now" button out of reach.
// Every dialog therefore offers its own door to help, and all doors open the one panel registered here.
let opener: (() => void) | null = null;

/** The help panel registers itself; the returned function unregisters it. */
export function setHelpOpener(open: () => void): () => void {
  opener = open;
  return () => {
    if (opener === open) opener = null;
  };
}

export function openHelp(): void {
  opener?.();
}
