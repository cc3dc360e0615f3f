import { fireEvent, within } from "@testing-library/svelte";

/** Types into the named boxes of a date or time field and leaves each, as the member would. */
export async function fillParts(group: HTMLElement, parts: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(parts)) {
    const box = within(group).getByLabelText(label);
    if (box instanceof HTMLSelectElement) {
      await fireEvent.change(box, { target: { value } });
    } else {
      await fireEvent.input(box, { target: { value } });
      await fireEvent.change(box);
    }
  }
}

/** What the boxes of a field hold, in the order they are shown. */
export function shownParts(group: HTMLElement): string[] {
  return [...group.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")].map((box) => box.value);
}
