import type { FakeHandlers } from "./ipc";
import type {
  AppError,
  ErrorCode,
  CalendarDay,
  Entry,
  EntryDraft,
  EntrySummary,
  MoodBucket,
  MoodPoint,
  SearchHit,
  SearchQuery,
  Session,
  TimelineCursor,
  TimelinePage,
} from "../src/lib/bindings/types";
import { dateKey } from "../src/lib/common/format";

function fail(code: ErrorCode): never {
  throw { code, message: `backend says ${code}` } satisfies AppError;
}

export type SeedEntry = Partial<Entry> & { createdAt: string };

const dayMs = 86_400_000;

/** An in-memory journal that answers the journal commands the way the backend does. */
export class FakeJournal {
  entries: Entry[] = [];
  /** What the clinic has listed; `journal_sessions` offers them all. */
  sessions: Session[] = [];
  #next = 1;

  constructor(seed: SeedEntry[] = []) {
    for (const entry of seed) this.add(entry);
  }

  add(seed: SeedEntry): Entry {
    const entry: Entry = {
      id: seed.id ?? `entry-${this.#next++}`,
      title: seed.title ?? "",
      body: seed.body ?? "",
      mood: seed.mood ?? null,
      feelings: seed.feelings ?? [],
      tags: seed.tags ?? [],
      promptId: seed.promptId ?? null,
      sessionId: seed.sessionId ?? null,
      createdAt: seed.createdAt,
      updatedAt: seed.updatedAt ?? seed.createdAt,
      deletedAt: seed.deletedAt ?? null,
    };
    this.entries.push(entry);
    return entry;
  }

  live(): Entry[] {
    return this.entries
      .filter((entry) => entry.deletedAt === null)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  find(id: string): Entry {
    return this.entries.find((entry) => entry.id === id) ?? fail("not_found");
  }

  /** Answers the journal commands the way the backend does (the vault check is the caller's). */
  handlers(): FakeHandlers {
    return {
      journal_save: ({ draft }) => this.save(draft),
      journal_sessions: () => [...this.sessions].sort((a, b) => b.startsAt.localeCompare(a.startsAt)),
      journal_get: ({ id }) => ({ ...this.find(id) }),
      journal_timeline: ({ before, limit }) => this.timeline(before, limit),
      journal_on_this_day: () => this.onThisDay(),
      journal_search: ({ query }) => this.search(query),
      journal_calendar: ({ year, month }) => this.calendar(year, month),
      journal_mood_series: ({ bucket, count }) => this.moodSeries(bucket, count),
      journal_trash: ({ id }) => {
        const entry = this.find(id);
        entry.deletedAt = new Date().toISOString();
        return { ...entry };
      },
      journal_restore: ({ id }) => {
        const entry = this.find(id);
        entry.deletedAt = null;
        return { ...entry };
      },
      journal_trash_list: () => this.entries.filter((entry) => entry.deletedAt !== null).map(summary),
      journal_empty_trash: () => {
        const before = this.entries.length;
        this.entries = this.entries.filter((entry) => entry.deletedAt === null);
        return before - this.entries.length;
      },
    };
  }

  save(draft: EntryDraft): Entry {
    if (draft.mood !== null && (draft.mood < 0 || draft.mood > 10)) fail("invalid_entry");
    const now = new Date().toISOString();
    if (draft.id === null) {
      const { id: _unused, ...content } = draft;
      return { ...this.add({ ...content, createdAt: now }) };
    }
    const entry = this.find(draft.id);
    Object.assign(entry, { ...draft, id: entry.id, updatedAt: now });
    return { ...entry };
  }

  timeline(before: TimelineCursor | null, limit: number): TimelinePage {
    const all = this.live();
    const start = before ? all.findIndex((entry) => entry.id === before.id) + 1 : 0;
    const page = all.slice(start, start + limit);
    const last = page[page.length - 1];
    const more = start + limit < all.length;
    return { entries: page.map(summary), next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
  }

  onThisDay(): EntrySummary[] {
    const today = new Date();
    return this.live()
      .filter((entry) => {
        const date = new Date(entry.createdAt);
        return date.getMonth() === today.getMonth() && date.getDate() === today.getDate() && date.getFullYear() < today.getFullYear();
      })
      .map(summary);
  }

  search(query: SearchQuery): SearchHit[] {
    const needle = query.text.trim().toLowerCase();
    return this.live()
      .filter((entry) => {
        const day = dateKey(new Date(entry.createdAt));
        if (needle && !`${entry.title}\n${entry.body}`.toLowerCase().includes(needle)) return false;
        if (query.from !== null && day < query.from) return false;
        if (query.to !== null && day > query.to) return false;
        if (query.moodMin !== null && (entry.mood === null || entry.mood < query.moodMin)) return false;
        if (query.moodMax !== null && (entry.mood === null || entry.mood > query.moodMax)) return false;
        if (query.feeling !== null && !entry.feelings.includes(query.feeling)) return false;
        if (query.tag !== null && !entry.tags.includes(query.tag)) return false;
        return true;
      })
      .map((entry) => ({ entry: summary(entry), snippet: highlight(entry.body, needle) }));
  }

  calendar(year: number, month: number): CalendarDay[] {
    const days = new Map<string, Entry[]>();
    for (const entry of this.live()) {
      const date = new Date(entry.createdAt);
      if (date.getFullYear() !== year || date.getMonth() + 1 !== month) continue;
      const key = dateKey(date);
      days.set(key, [...(days.get(key) ?? []), entry]);
    }
    return [...days.entries()].sort().map(([date, entries]) => ({ date, entries: entries.length, averageMood: average(entries) }));
  }

  moodSeries(bucket: MoodBucket, count: number): MoodPoint[] {
    const now = new Date();
    const points: MoodPoint[] = [];
    for (let index = count - 1; index >= 0; index -= 1) {
      const start =
        bucket === "week"
          ? new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7) - index * 7)
          : new Date(now.getFullYear(), now.getMonth() - index, 1);
      const end = bucket === "week" ? new Date(start.getTime() + 7 * dayMs) : new Date(start.getFullYear(), start.getMonth() + 1, 1);
      const inside = this.live().filter((entry) => {
        const time = new Date(entry.createdAt).getTime();
        return time >= start.getTime() && time < end.getTime();
      });
      points.push({ start: dateKey(start), entries: inside.length, averageMood: average(inside) });
    }
    return points;
  }
}

function average(entries: Entry[]): number | null {
  const moods = entries.flatMap((entry) => (entry.mood === null ? [] : [entry.mood]));
  return moods.length === 0 ? null : moods.reduce((sum, mood) => sum + mood, 0) / moods.length;
}

function summary(entry: Entry): EntrySummary {
  return {
    id: entry.id,
    title: entry.title,
    excerpt: entry.body.slice(0, 140),
    mood: entry.mood,
    feelings: entry.feelings,
    tags: entry.tags,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}

/** Wraps each match in the \u0002 … \u0003 markers the backend uses. */
function highlight(body: string, needle: string): string {
  if (!needle) return body.slice(0, 140);
  let out = "";
  let rest = body;
  for (;;) {
    const at = rest.toLowerCase().indexOf(needle);
    if (at < 0) return out + rest;
    out += `${rest.slice(0, at)}\u0002${rest.slice(at, at + needle.length)}\u0003`;
    rest = rest.slice(at + needle.length);
  }
}
