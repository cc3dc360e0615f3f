import type { Session } from "../bindings/types";
import { formatDateTime } from "../common/format";
import { t, type Params } from "../i18n/index.svelte";

// A clinic's server often numbers its sessions in English ("… — week 4"). The number is the
// app's to say, so a Spanish screen reads "semana 4"; the rest of the title is the clinic's own.
const WEEK_SUFFIX = /^(?:(.*?\S)\s*[—–\-·:,|]\s*)?week\s+(\d{1,3})$/i;

/** The clinic's name for a session, or a plain one when it gave none. */
export function sessionName(session: Session): string {
  const title = session.title.trim();
  if (!title) return t("sessions.untitled");
  const week = WEEK_SUFFIX.exec(title);
  if (!week) return title;
  const [, name, number = ""] = week;
  return name ? t("sessions.titleWeek", { name, week: number }) : t("sessions.week", { week: number });
}

/** "Anxiety skills group — week 3 · 24 Nov 2026, 18:00", in the member's zone, "(cancelled)" when it is. */
export function sessionLabel(session: Session): string {
  const label = t("sessions.label", { name: sessionName(session), when: formatDateTime(session.startsAt) });
  return session.cancelled ? t("sessions.cancelledLabel", { label }) : label;
}

/**
 * The words of `key` either side of its `{slot}`, so markup can mark what fills the slot (a
 * clinic's own name) apart from the app's words around it.
 */
export function around(key: string, slot: string, params: Params = {}): [string, string] {
  const mark = "\u0000";
  const [before = "", after = ""] = t(key, { ...params, [slot]: mark }).split(mark);
  return [before, after];
}
