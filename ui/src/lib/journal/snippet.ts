export type SnippetPart = { text: string; mark: boolean };

const open = "\u0002";
const close = "\u0003";

/** Splits a search snippet into plain and highlighted parts; stray markers never reach the screen. */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let mark = false;
  let text = "";
  const push = () => {
    if (text) parts.push({ text, mark });
    text = "";
  };
  for (const char of snippet) {
    if (char === open || char === close) {
      push();
      mark = char === open;
    } else if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(char)) {
      text += char;
    }
  }
  push();
  return parts;
}
