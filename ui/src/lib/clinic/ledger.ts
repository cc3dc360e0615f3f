import type { LedgerAction, LedgerEntry, SentField, Session } from "../bindings/types";
import { codeKey } from "../common/errors";
import { formatDate } from "../common/format";
import { getLocale, hasKey, t } from "../i18n/index.svelte";

/** The outcome of a row written before its request went out and never given an answer. */
export const PENDING = "pending";

// Checked by the compiler: every action the contract declares has words.
const actions: Record<LedgerAction, string> = {
  discover: "sessions.ledger.action.discover",
  openSignInPage: "sessions.ledger.action.openSignInPage",
  signIn: "sessions.ledger.action.signIn",
  renewSignIn: "sessions.ledger.action.renewSignIn",
  readSessions: "sessions.ledger.action.readSessions",
  readClinic: "sessions.ledger.action.readClinic",
  readHomework: "sessions.ledger.action.readHomework",
  readProgramme: "sessions.ledger.action.readProgramme",
  readAll: "sessions.ledger.action.readAll",
  sendReply: "sessions.ledger.action.sendReply",
  sendAgreement: "sessions.ledger.action.sendAgreement",
  sendHomework: "sessions.ledger.action.sendHomework",
  sendSelfCheck: "sessions.ledger.action.sendSelfCheck",
  findSent: "sessions.ledger.action.findSent",
};

const instruments: Record<string, string> = { "phq-9": "PHQ-9", "gad-7": "GAD-7" };

function value(entry: LedgerEntry, name: string): string | null {
  return entry.fields.find((field) => field.name === name)?.value ?? null;
}

function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase(getLocale()) + text.slice(1);
}

/** One read of several sent together ("your sessions"); its name is the read's action. */
export function partWords(name: string): string {
  const key = `sessions.ledger.part.${name}`;
  return t(hasKey(key, "en") ? key : "sessions.ledger.part.other");
}

/**
 * What a request read or sent, as one sentence the member can follow: the session a reply was
 * for, the homework's new state, the reads a batch held. The general words for the action
 * stand when the request carried less than expected.
 */
export function ledgerWords(entry: LedgerEntry, sessions: readonly Session[]): string {
  if (entry.action === "sendReply") {
    const status = value(entry, "participantStatus");
    if (status === "accepted" || status === "declined") {
      const answer = t(status === "accepted" ? "sessions.ledger.said.yes" : "sessions.ledger.said.no");
      const id = value(entry, "appointment")?.replace(/^Appointment\//, "");
      const session = sessions.find((s) => s.id === id);
      const note = value(entry, "comment");
      if (note) {
        return session
          ? t("sessions.ledger.said.replyOnNote", { date: formatDate(session.startsAt), answer, note })
          : t("sessions.ledger.said.replyNote", { answer, note });
      }
      return session
        ? t("sessions.ledger.said.replyOn", { date: formatDate(session.startsAt), answer })
        : t("sessions.ledger.said.reply", { answer });
    }
  } else if (entry.action === "sendHomework") {
    const status = value(entry, "status");
    if (status === "completed") return t("sessions.ledger.said.homeworkDone");
    if (status === "in-progress") return t("sessions.ledger.said.homeworkOpen");
  } else if (entry.action === "sendSelfCheck") {
    const name = instruments[value(entry, "questionnaire") ?? ""];
    const taken = value(entry, "authored");
    if (name && taken && !Number.isNaN(Date.parse(taken))) {
      return t("sessions.ledger.said.selfCheck", { name, date: formatDate(taken) });
    }
  } else if (entry.action === "readAll" && entry.fields.length > 0) {
    const parts = [...new Set(entry.fields.map((field) => partWords(field.name)))];
    return t("sessions.ledger.said.readAll", { parts: new Intl.ListFormat(getLocale(), { type: "conjunction" }).format(parts) });
  }
  return t(actions[entry.action]);
}

/** "Done", "Didn't work: …", or that no answer was recorded. */
export function outcomeWords(entry: LedgerEntry): string {
  if (entry.outcome === null) return t("sessions.ledger.ok");
  if (entry.outcome === PENDING) return t("sessions.ledger.noAnswer");
  return t("sessions.ledger.failed", { reason: t(codeKey(entry.outcome)) });
}

export function failed(entry: LedgerEntry): boolean {
  return entry.outcome !== null && entry.outcome !== PENDING;
}

/** For one read of several that the clinic refused: which, and why. */
export function partFailedWords(field: SentField): string | null {
  if (!field.outcome) return null;
  return t("sessions.ledger.partFailed", { part: capitalised(partWords(field.name)), reason: t(codeKey(field.outcome)) });
}
