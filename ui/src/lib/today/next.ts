import type { Session, Upcoming, What } from "../bindings/types";
import { dateKey, formatDateTime, formatTime } from "../common/format";
import { hasKey, t } from "../i18n/index.svelte";
import { pairText, unit } from "../reminders/span";

/** Join opens this long before the start, so there is time to sort out sound and video. */
export const joinOpensMs = 10 * 60_000;
/** How long a session is taken to last when nobody said when it ends. */
export const assumedLengthMs = 90 * 60_000;

export function startOf(session: Session): number {
  return Date.parse(session.startsAt);
}

export function endOf(session: Session): number {
  return session.endsAt ? Date.parse(session.endsAt) : startOf(session) + assumedLengthMs;
}

/** The soonest session that is not cancelled and has not ended (one under way counts). */
export function nextSession(sessions: readonly Session[], now: number): Session | null {
  const live = sessions.filter((s) => !s.cancelled && endOf(s) > now);
  live.sort((a, b) => startOf(a) - startOf(b));
  return live[0] ?? null;
}

export type JoinState = "open" | "early" | "over" | "noLink";

export function joinState(session: Session, now: number): JoinState {
  if (!session.videoLink) return "noLink";
  if (now < startOf(session) - joinOpensMs) return "early";
  return now < endOf(session) ? "open" : "over";
}

/**
 * Milliseconds until the card for `session` shows something new: the countdown's minute (it rounds
 * up, so it changes as a whole minute before the start passes), Join opening, the start, the end.
 */
export function untilChange(session: Session | null, now: number): number {
  if (!session) return Number.POSITIVE_INFINITY;
  const toStart = startOf(session) - now;
  if (toStart > 0) return ((toStart - 1) % 60_000) + 1;
  return Math.max(1, endOf(session) - now);
}

/** "Starts in 2 days 3 hours", "Starts in 14 minutes", "Happening now"; minutes round up, as the reminders do. */
export function countdownText(start: number, now: number): string {
  const ms = start - now;
  if (ms <= 0) return t("today.next.now");
  const total = Math.ceil(ms / 60_000);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  let time: string;
  if (days > 0) time = pairText(unit("days", days), hours > 0 ? unit("hours", hours) : null);
  else if (hours > 0) time = pairText(unit("hours", hours), minutes > 0 ? unit("minutes", minutes) : null);
  else time = unit("minutes", minutes);
  return t("today.next.startsIn", { time });
}

/** The reminders still to come on the member's calendar day, soonest first. */
export function todaysReminders(upcoming: readonly Upcoming[], now: Date): Upcoming[] {
  const today = dateKey(now);
  return upcoming.filter((u) => dateKey(new Date(u.due)) === today).sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
}

/**
 * "Reminder for the group session at 6:00 PM", "Journal", "Practice", or a source's own word
 * ("Reminder" when it has none). A session's reminder names the session's own start, not the lead
 * time: "Group session in 15 minutes" beside the reminder's time read as the time left.
 */
export function reminderLabel(what: What, now: Date): string {
  if (what.type === "occasion") {
    const key = `today.reminders.occasions.${what.source}`;
    return t(hasKey(key, "en") ? key : "today.reminders.occasion");
  }
  if (what.type === "routine") return what.kind === "journal" ? t("today.reminders.journal") : t("today.reminders.practice");
  if (what.lead_minutes === 0) return t("today.reminders.sessionNow");
  const day = dateKey(new Date(what.starts_at));
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  if (day === dateKey(now)) return t("today.reminders.session", { time: formatTime(what.starts_at) });
  if (day === dateKey(tomorrow)) return t("today.reminders.sessionTomorrow", { time: formatTime(what.starts_at) });
  return t("today.reminders.sessionOn", { date: formatDateTime(what.starts_at) });
}

/** A missed reminder as Today lists it: the session's own start time, not "in 15 minutes". */
export function missedLabel(what: What, now: Date): string {
  return what.type === "session" ? t("today.reminders.missedSession", { time: formatTime(what.starts_at) }) : reminderLabel(what, now);
}
