import type { SearchQuery } from "../bindings/types";

export const searchDelayMs = 150;

export type Filters = Omit<SearchQuery, "text">;

export function emptyFilters(): Filters {
  return { from: null, to: null, moodMin: null, moodMax: null, feeling: null, tag: null };
}

export function activeFilterCount(filters: Filters): number {
  return Object.values(filters).filter((value) => value !== null).length;
}
