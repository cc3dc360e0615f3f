import type { Enrolment } from "../bindings/types";
import { formatDate } from "../common/format";
import { hasKey, t } from "../i18n/index.svelte";

/**
 * A clinic's words for something, as Alongside shows them: `words` in the app's language, or
 * the clinic's own text when Alongside has no words for it (`clinic` true: shown as the
 * clinic's, not translated).
 */
export type Worded = { words: string; clinic: boolean; code: string | null };

// Other spellings clinics use for the same theme or role.
const themeAliases: Record<string, string> = {
  "social-anxiety-disorder": "social-anxiety",
  "generalised-anxiety": "anxiety",
  "generalized-anxiety": "anxiety",
  worries: "worry",
  "panic-disorder": "panic",
  bereavement: "grief",
  loss: "grief",
  ptsd: "trauma",
  selfesteem: "self-esteem",
  "self-worth": "self-esteem",
  insomnia: "sleep",
  pain: "chronic-pain",
  addiction: "substance-use",
  substances: "substance-use",
  "eating-disorders": "eating",
  carers: "caregiving",
  caregivers: "caregiving",
  "emotion-regulation": "emotions",
  "dbt-skills": "dbt",
};

const roleAliases: Record<string, string> = {
  groupfacilitator: "facilitator",
  leader: "facilitator",
  groupleader: "facilitator",
  coleader: "cofacilitator",
  cotherapist: "cofacilitator",
  counselor: "counsellor",
  peersupport: "peersupporter",
  peersupportworker: "peersupporter",
  peerworker: "peersupporter",
  peersupportspecialist: "peersupporter",
  groupcoordinator: "coordinator",
  student: "trainee",
  intern: "trainee",
};

/**
 * Whether a clinic's text is a machine's code ("social_anxiety", "224535009", "coFacilitator")
 * rather than words someone wrote for people to read.
 */
export function looksLikeCode(text: string): boolean {
  return /^[a-z0-9]+([-_.:/][a-z0-9]+)*$/.test(text) || /^[a-z]+[A-Z]\w*$/.test(text) || /\d{3,}/.test(text);
}

function worded(text: string | null, prefix: string, normalise: (raw: string) => string): Worded | null {
  const raw = text?.trim() ?? "";
  if (!raw) return null;
  const code = normalise(raw);
  if (code && hasKey(`${prefix}.${code}`, "en")) return { words: t(`${prefix}.${code}`), clinic: false, code };
  // Unknown: the clinic's own words if that is what they are; a code means nothing to a member.
  return looksLikeCode(raw) ? null : { words: raw, clinic: true, code: null };
}

/** A group's theme ("anxiety") in the app's language; null when there is nothing a member could read. */
export function themeWords(theme: string | null): Worded | null {
  return worded(theme, "programme.themes", (raw) => {
    const normal = raw
      .toLowerCase()
      .replace(/[\s_]+/g, "-")
      .replace(/[^a-z-]/g, "");
    return themeAliases[normal] ?? normal;
  });
}

/** A facilitator's role ("Co-facilitator") in the app's language; null as for themes. */
export function roleWords(role: string | null): Worded | null {
  return worded(role, "programme.roles", (raw) => {
    const normal = raw.toLowerCase().replace(/[^a-z]/g, "");
    return roleAliases[normal] ?? normal;
  });
}

/**
 * The member's place in a group, in plain sentences: when they joined (or start), and how it
 * stands only when that is not the ordinary taking part. FHIR's EpisodeOfCare statuses; an
 * unknown one or a record made in error says nothing rather than show a code.
 */
export function enrolmentWords(enrolment: Enrolment | null, now: number): string {
  if (!enrolment) return "";
  const status = enrolment.status.trim().toLowerCase();
  if (status === "waitlist" || status === "cancelled") return t(`programme.state.${status}`);
  if (!["planned", "active", "onhold", "finished"].includes(status)) return "";
  const sentences: string[] = [];
  const start = enrolment.start ? Date.parse(enrolment.start) : Number.NaN;
  const started = !Number.isNaN(start) && start <= now;
  if (enrolment.start && !Number.isNaN(start)) {
    sentences.push(t(started ? "programme.joined" : "programme.startsOn", { date: formatDate(enrolment.start) }));
  } else if (status === "active") {
    sentences.push(t("programme.member"));
  }
  // A start still ahead already says the group has not begun.
  if (status === "planned" && (started || Number.isNaN(start))) sentences.push(t("programme.state.planned"));
  if (status === "onhold" || status === "finished") sentences.push(t(`programme.state.${status}`));
  return sentences.join(" ");
}
