// Generated from the Rust contract by scripts/gen-bindings; do not edit.
export type Abilities = { 
/**
 * "I'll be there" / "I can't make it".
 */
rsvp: boolean, 
/**
 * Agreeing to a group's orientation.
 */
agree: boolean, 
/**
 * Telling the clinic homework is done.
 */
homework: boolean, 
/**
 * Sending self-check results the member chose to share.
 */
shareChecks: boolean, };
export type AgreementState = "notYet" | "waiting" | "agreed" | "refused";
export type Answer = number | string;
export type AppError = { code: ErrorCode, message: string, };
export type AppInfo = { version: string, dataDir: string, };
export type BackupFile = { path: string, 
/**
 * The day it was made, `YYYY-MM-DD` in the member's zone.
 */
date: string, bytes: number, };
export type BackupSettings = { 
/**
 * A backup passphrase has been chosen; nothing is backed up before.
 */
ready: boolean, folder: string, automatic: boolean, backups: Array<BackupFile>, 
/**
 * Why the last automatic backup failed (an error code), if it did.
 */
lastError: ErrorCode | null, };
export type Band = "minimal" | "mild" | "moderate" | "moderately-severe" | "severe";
export type CalendarDay = { date: string, entries: number, averageMood: number | null, };
export type ClinicContact = { name: string, phone: string | null, 
/**
 * ISO 3166-1 alpha-2, from the Organization's address.
 */
country: string | null, };
export type ClinicPart = "sessions" | "homework" | "group" | "orientation" | "clinicPhone";
export type ClinicStatus = { 
/**
 * The clinic last signed in to (kept after signing out, to offer it again).
 */
address: string | null, signedIn: boolean, 
/**
 * The clinic ended the sign-in (the member did not): ask them to sign
 * in again. Everything kept from the clinic stays.
 */
expired: boolean, lastSyncedAt: string | null, sessions: number, 
/**
 * The clinic's name and phone as this sync read them; `None` when not
 * read now (or the clinic does not say).
 */
contact: ClinicContact | null, 
/**
 * What the sign-in lets the member send.
 */
can: Abilities, 
/**
 * Signed in when the app asked for less: offer to sign in again, once.
 */
askWiderSignIn: boolean, 
/**
 * Items waiting to be sent or refused by the clinic.
 */
outboxWaiting: number, 
/**
 * What the clinic's server did not share at the last sync.
 */
unshared: Array<ClinicPart>, };
export type DeletedCheck = { check: SelfCheck, 
/**
 * A send had been tried or made: the clinic may already hold it, and
 * deleting here cannot take it back there.
 */
maybeAtClinic: boolean, };
export type DistressChange = { exercise: string, practices: number, 
/**
 * Practices with both ratings, which the average is over.
 */
rated: number, 
/**
 * After minus before, to one decimal; negative is easier.
 */
averageChange: number | null, };
export type Enrolment = { 
/**
 * FHIR's EpisodeOfCare status: planned, active, finished, …
 */
status: string, start: string | null, end: string | null, };
export type Entry = { id: string, title: string, body: string, mood: number | null, feelings: Array<string>, tags: Array<string>, promptId: string | null, 
/**
 * Absent in backups made before sessions existed.
 */
sessionId: string | null, createdAt: string, updatedAt: string, deletedAt: string | null, };
export type EntryDraft = { id: string | null, title: string, body: string, mood: number | null, feelings: Array<string>, tags: Array<string>, promptId: string | null, 
/**
 * The group session (clinic Appointment id) this entry is about.
 */
sessionId: string | null, };
export type EntryLimits = { titleChars: number, bodyBytes: number, 
/**
 * Feelings, and tags, each.
 */
labels: number, tagChars: number, };
export type EntrySummary = { id: string, title: string, excerpt: string, mood: number | null, feelings: Array<string>, tags: Array<string>, createdAt: string, updatedAt: string, };
export type ErrorCode = "locked" | "vault_not_set_up" | "vault_exists" | "vault_damaged" | "wrong_passphrase" | "wrong_recovery_code" | "too_many_attempts" | "weak_passphrase" | "passphrase_required" | "keyring_unavailable" | "database_unreadable" | "database" | "io" | "internal" | "invalid_setting" | "settings_damaged" | "settings_not_saved" | "not_found" | "invalid_entry" | "journal_not_empty" | "backup_wrong_passphrase" | "backup_not_a_backup" | "backup_damaged" | "backup_newer_version" | "backup_no_passphrase" | "backup_too_large" | "folder_not_absolute" | "export_not_acknowledged" | "encode" | "not_a_file" | "file_not_found" | "file_permission" | "file_io" | "import_not_json" | "import_zip" | "import_unknown_format" | "import_too_large" | "transfer_cancelled" | "clinic_bad_address" | "clinic_unreachable" | "clinic_error" | "clinic_busy" | "clinic_too_large" | "clinic_insecure_endpoint" | "clinic_no_sign_in" | "clinic_not_signed_in" | "clinic_sign_in_expired" | "clinic_not_accepted" | "clinic_not_granted" | "clinic_not_shared" | "reply_closed" | "sign_in_cancelled" | "sign_in_timed_out" | "sign_in_refused" | "sign_in_listener" | "session_title_invalid" | "zone_unknown" | "weeks_out_of_range" | "skipped_too_many" | "lead_time_invalid" | "quiet_hours_invalid" | "routine_invalid" | "exercise_unknown" | "distress_invalid" | "goal_invalid" | "answer_invalid" | "homework_invalid" | "safety_plan_invalid" | "check_unanswered" | "check_invalid" | "check_cadence_invalid" | "invalid_link" | "open_failed" | "clipboard_unavailable" | "window" | "autostart_failed";
export type ExportDone = { path: string, count: number, };
export type Facilitator = { name: string, role: string | null, };
export type HelpContact = { name: string, phone: string, hours: string, 
/**
 * Read from the clinic's Organization (then sync keeps it), not typed.
 */
fromClinic: boolean, };
export type Homework = { id: string, 
/**
 * The clinic's Task id; `None` for homework the member noted.
 */
clinicTask: string | null, status: TaskStatus, exercise: string | null, description: string, 
/**
 * YYYY-MM-DD on the member's clock.
 */
due: string | null, 
/**
 * The member's zone when it was set: the reminder's morning is there.
 */
zone: string, createdAt: string, updatedAt: string, completedAt: string | null, };
export type HomeworkDraft = { 
/**
 * `None` notes new homework.
 */
id: string | null, exercise: string | null, description: string, due: string | null, };
export type ImportFormat = "jrnl" | "dayOne";
export type ImportReport = { format: ImportFormat, imported: number, 
/**
 * Already in the journal (the same file imported twice).
 */
alreadyThere: number, skipped: Array<Skipped>, };
export type Instrument = "phq-9" | "gad-7";
export type Language = "system" | "en" | "es";
export type LedgerAction = "discover" | "openSignInPage" | "signIn" | "renewSignIn" | "readSessions" | "readClinic" | "readHomework" | "readProgramme" | "readAll" | "sendReply" | "sendAgreement" | "sendHomework" | "sendSelfCheck" | "findSent";
export type LedgerEntry = { at: string, action: LedgerAction, method: string, url: string, 
/**
 * An error code when the request failed.
 */
outcome: string | null, 
/**
 * What a send carried, field by field; empty for reads.
 */
fields: Array<SentField>, };
export type LockReason = "manual" | "idle" | "screen_lock";
export type LogDraft = { exercise: string, seconds: number, distressBefore: number | null, distressAfter: number | null, worksheetId: string | null, };
export type MoodBucket = "week" | "month";
export type MoodPoint = { start: string, entries: number, averageMood: number | null, };
export type Notice = { key: string, summary: string, body: string, actions: Array<[NoticeAction, string]>, };
export type NoticeAction = "join" | "snooze" | "snoozeHour" | "snoozeEvening" | "open";
export type Orientation = { 
/**
 * The Questionnaire's id at the clinic.
 */
questionnaire: string, title: string, paragraphs: Array<string>, 
/**
 * The words the member agrees to.
 */
agree: string, 
/**
 * The language it is shown in (the clinic's own when no translation).
 */
language: string, agreed: AgreementState, };
export type OutboxItem = { id: string, payload: Payload, state: OutboxState, 
/**
 * Sends tried; after one, the clinic may hold it even if no answer came.
 */
tries: number, 
/**
 * The clinic's words when it refused.
 */
reason: string | null, createdAt: string, sentAt: string | null, };
export type OutboxState = "waiting" | "sent" | "refused" | "withdrawn";
export type Overview = { preferences: Preferences, series: Array<Series>, routines: Array<Routine>, upcoming: Array<Upcoming>, 
/**
 * Missed in the last day (the computer asleep, the app closed, or
 * quiet hours holding one past its session's start).
 */
missed: Array<Upcoming>, 
/**
 * Whether the desktop showed the last reminder; null before the first.
 */
desktopNotifications: boolean | null, };
export type PassphraseStrength = { score: number, acceptable: boolean, };
export type PathKind = "folder" | "backup" | "import";
export type Payload = { "kind": "rsvp", appointment: string, answer: Reply, 
/**
 * A short note to the facilitators with "I can't make it", sent as
 * the AppointmentResponse's `comment`.
 */
note?: string, } | { "kind": "agreement", 
/**
 * The Questionnaire's id at the clinic, its canonical URL and the
 * item that records agreement.
 */
questionnaire: string, canonical: string, item: string, } | { "kind": "homework", task: string, done: boolean, } | { "kind": "selfCheck", check: string, instrument: Instrument, answers: Array<number>, difficulty: number | null, total: number, 
/**
 * RFC 3339, UTC.
 */
taken: string, };
export type PlanItem = { id: string, text: string, 
/**
 * For people and services: a number to call from the plan.
 */
phone: string | null, };
export type PracticeLog = { id: string, exercise: string, 
/**
 * RFC 3339, UTC.
 */
startedAt: string, 
/**
 * The member's IANA zone when they practised.
 */
zone: string, seconds: number, distressBefore: number | null, distressAfter: number | null, 
/**
 * The written answers, for an exercise that has them.
 */
worksheetId: string | null, };
export type PracticeOverview = { favourites: Array<string>, preferences: PracticePreferences, homework: Array<Homework>, progress: PracticeProgress, };
export type PracticePreferences = { 
/**
 * Practices a week; a week that reaches it adds to the streak.
 */
weeklyGoal: number, };
export type PracticeProgress = { weeklyGoal: number, thisWeek: number, streak: number, 
/**
 * Oldest first, ending with this week.
 */
weeks: Array<WeekCount>, 
/**
 * One per exercise practised, most practised first.
 */
changes: Array<DistressChange>, };
export type Preferences = { 
/**
 * Minutes before a session; 0 is "at start".
 */
leads: Array<number>, quietHours: QuietHours | null, 
/**
 * Notifications may name the session; off, they say only "your group session".
 */
showDetails: boolean, 
/**
 * The clinic's sessions may remind during quiet hours (a hand-entered
 * series says so for itself).
 */
clinicAllowedInQuietHours: boolean, };
export type Programme = { 
/**
 * The Group's id at the clinic.
 */
group: string, name: string, theme: string | null, 
/**
 * Open to new members (else a closed group that runs start to end).
 */
open: boolean, weeks: number | null, enrolled: boolean, 
/**
 * The member's enrolment, when enrolled.
 */
enrolment: Enrolment | null, 
/**
 * When an open group starts, if the clinic says.
 */
starts: string | null, facilitators: Array<Facilitator>, 
/**
 * For an enrolled group under way: which week it is (1-based).
 */
week: number | null, orientation: Orientation | null, 
/**
 * Only what the member's own records say: the clinic's server did not
 * share the group's description (so open or closed, length, theme are
 * not known).
 */
partial: boolean, };
export type ProgressUnit = "entries" | "bytes";
export type QuietHours = { start: string, end: string, };
export type RecoveryCode = { code: string, };
export type ReminderShown = { notice: Notice, 
/**
 * False when no notification service answered: the window shows it.
 */
onDesktop: boolean, 
/**
 * The screen Open goes to.
 */
screen: string, };
export type Reply = "accepted" | "declined";
export type Routine = { id: string, kind: RoutineKind, time: string, 
/**
 * Monday = 0 … Sunday = 6; empty means every day.
 */
weekdays: Array<number>, enabled: boolean, };
export type RoutineKind = "journal" | "practice";
export type SafetyOverview = { plan: SafetyPlan, preferences: SafetyPreferences, checks: Array<SelfCheck>, };
export type SafetyPlan = { warningSigns: Array<PlanItem>, coping: Array<PlanItem>, distractions: Array<PlanItem>, helpers: Array<PlanItem>, professionals: Array<PlanItem>, environment: Array<PlanItem>, reasons: Array<PlanItem>, 
/**
 * When it was last saved; `None` for a plan never written.
 */
updatedAt: string | null, };
export type SafetyPreferences = { 
/**
 * A sealed copy of the plan is kept for the lock screen.
 */
planReadableLocked: boolean, 
/**
 * Results taken while on are marked for the clinic. Off by default.
 */
sharePhq9: boolean, shareGad7: boolean, 
/**
 * `None`: no self-check reminders.
 */
checkEveryDays: number | null, };
export type Score = { total: number, max: number, band: Band, 
/**
 * PHQ-9 item 9 (thoughts of being better off dead or of hurting
 * oneself) answered above "Not at all": crisis help comes first.
 */
helpFirst: boolean, };
export type SearchHit = { entry: EntrySummary, snippet: string, };
export type SearchQuery = { text: string, 
/**
 * Local dates, `YYYY-MM-DD`, both inclusive.
 */
from: string | null, to: string | null, moodMin: number | null, moodMax: number | null, feeling: string | null, tag: string | null, };
export type SelfCheck = { id: string, instrument: Instrument, 
/**
 * RFC 3339, UTC.
 */
takenAt: string, zone: string, answers: Array<number>, difficulty: number | null, score: Score, shared: boolean, };
export type SelfCheckDraft = { instrument: Instrument, 
/**
 * One per item, 0–3; `None` for an item not answered yet.
 */
answers: Array<number | null>, 
/**
 * PHQ-9's "how difficult have these problems made it…", unscored.
 */
difficulty: number | null, };
export type SentField = { name: string, value: string, 
/**
 * For one search of several sent together: its error code when the
 * clinic refused it or it failed (the request itself may have worked).
 */
outcome?: string, };
export type Series = { id: string, title: string, 
/**
 * The first session's date; the series meets on this weekday.
 */
firstDate: string, 
/**
 * "18:00".
 */
time: string, 
/**
 * IANA zone the group meets in, e.g. "America/New_York".
 */
zone: string, 
/**
 * How many weeks; none means open-ended.
 */
weeks: number | null, videoLink: string | null, 
/**
 * Dates (in the group's zone) with no session.
 */
skipped: string[], 
/**
 * Its reminders may come during quiet hours.
 */
allowedInQuietHours: boolean, };
export type SeriesDraft = { title: string, 
/**
 * The first session's date; the series meets on this weekday.
 */
firstDate: string, 
/**
 * "18:00".
 */
time: string, 
/**
 * IANA zone the group meets in, e.g. "America/New_York".
 */
zone: string, 
/**
 * How many weeks; none means open-ended.
 */
weeks: number | null, videoLink: string | null, 
/**
 * Dates (in the group's zone) with no session.
 */
skipped: string[], 
/**
 * Its reminders may come during quiet hours.
 */
allowedInQuietHours: boolean, };
export type Session = { id: string, 
/**
 * RFC 3339, UTC.
 */
startsAt: string, endsAt: string | null, 
/**
 * As the clinic names it, e.g. "Anxiety skills group — week 3"; may be empty.
 */
title: string, cancelled: boolean, 
/**
 * Entered by the member (a series in Sessions), not synced.
 */
handEntered: boolean, 
/**
 * An http(s) link to join by video, when one is known.
 */
videoLink: string | null, };
export type Settings = { language: Language, autoLockMinutes: number | null, 
/**
 * Closing the window keeps the app in the tray; `None` until the member
 * has been asked (the first close).
 */
closeToTray: boolean | null, 
/**
 * ISO 3166 code whose crisis lines "Need help now" lists, as the
 * member chose it; `None` until they do (the clinic's country, then
 * the app's default, apply — never the desktop's language).
 */
crisisCountry: string | null, 
/**
 * The country of the clinic's address, as its Organization says.
 */
clinicCountry: string | null, 
/**
 * The clinic's phone and hours, typed in or from the clinic.
 */
helpContact: HelpContact | null, };
export type SkipReason = "empty" | "badDate" | "tooLong";
export type Skipped = { 
/**
 * 0-based position in the source's `entries` array.
 */
index: number, reason: SkipReason, };
export type StartupMarks = { scriptAt: number, 
/**
 * All of the page's first script has run (`main.ts` starts).
 */
modulesAt: number, 
/**
 * The shell is mounted, before the answers below are applied.
 */
shellAt: number, 
/**
 * The first of the two answers the first screen needs reached the page.
 */
answeredAt: number, settingsAt: number, vaultAt: number, 
/**
 * The first screen is in the page, before its layout.
 */
mountedAt: number, paintedAt: number, };
export type SuggestedPassphrase = { passphrase: string, };
export type TaskStatus = "requested" | "accepted" | "in-progress" | "completed" | "cancelled";
export type TimelineCursor = { createdAt: string, id: string, };
export type TimelinePage = { entries: Array<EntrySummary>, next: TimelineCursor | null, };
export type TransferJob = "import" | "restore" | "backup";
export type TransferProgress = { job: TransferJob, done: number, total: number, unit: ProgressUnit, cancellable: boolean, };
export type Upcoming = { key: string, 
/**
 * RFC 3339, UTC.
 */
due: string, what: What, };
export type VaultState = "absent" | "locked" | "unlocked";
export type VaultStatus = { state: VaultState, autoUnlock: boolean, 
/**
 * `None` until something needed to ask (see `Vault::start`).
 */
keyringAvailable: boolean | null, autoUnlockFailed: boolean, retryAfterSecs: number | null, };
export type WeekCount = { 
/**
 * The Monday, YYYY-MM-DD.
 */
weekStart: string, count: number, };
export type What = { "type": "session", session: string, starts_at: string, lead_minutes: number, } | { "type": "routine", kind: RoutineKind, } | { "type": "occasion", source: string, screen: string, };
export type Worksheet = { id: string, exercise: string, 
/**
 * By the exercise's field names.
 */
answers: { [key in string]: Answer }, createdAt: string, updatedAt: string, 
/**
 * When the member reached the end; `None` while still a draft.
 */
completedAt: string | null, };
export type WorksheetDraft = { 
/**
 * `None` makes a new worksheet.
 */
id: string | null, exercise: string, answers: { [key in string]: Answer }, completed: boolean, };
