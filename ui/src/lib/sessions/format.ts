import type { Session } from "../bindings/types";
import { formatDateTime } from "../common/format";
import { t } from "../i18n/index.svelte";

/** The clinic's name for a session, or a plain one when it gave none. */
export function sessionName(session: Session): string {
  return session.title.trim() || t("sessions.untitled");
}

/** "Anxiety skills group — week 3 · 24 Nov 2026, 18:00", in the member's zone, "(cancelled)" when it is. */
export function sessionLabel(session: Session): string {
  const label = t("sessions.label", { name: sessionName(session), when: formatDateTime(session.startsAt) });
  return session.cancelled ? t("sessions.cancelledLabel", { label }) : label;
}
