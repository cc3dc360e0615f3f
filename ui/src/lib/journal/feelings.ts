/** Feeling ids stored with entries; labels come from `journal.feelings.<id>`. */
export const feelings = [
  "anxious",
  "calm",
  "sad",
  "hopeful",
  "angry",
  "lonely",
  "grateful",
  "overwhelmed",
  "tired",
  "proud",
  "ashamed",
  "content",
  "scared",
  "relieved",
  "frustrated",
  "loved",
  "numb",
  "excited",
  "guilty",
  "peaceful",
  "hurt",
  "confused",
  "motivated",
  "irritable",
] as const;

export type Feeling = (typeof feelings)[number];

export function isFeeling(value: string): value is Feeling {
  return (feelings as readonly string[]).includes(value);
}
