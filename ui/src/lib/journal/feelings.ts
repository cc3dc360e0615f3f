import { feelings } from "../bindings/values";

/** Feeling ids stored with entries, as the journal accepts them. */
export { feelings };

export type Feeling = (typeof feelings)[number];

export function isFeeling(value: string): value is Feeling {
  return (feelings as readonly string[]).includes(value);
}
