// Demo programme for one member: an 8-week anxiety skills group, anchored to
// the real calendar in New York so "past", "today" and "upcoming" sessions
// always exist whenever the tests run.
import { validateResource } from '@medplum/core';

export const CLINIC_TZ = 'America/New_York';
export const MEMBER_IDENTIFIER = { system: 'https://clinic.example/member', value: 'demo-member' };
export const SESSION_SYSTEM = 'https://clinic.example/session';
export const VIDEO_LINK_URL = 'https://clinic.example/fhir/StructureDefinition/video-link';
export const VIDEO_ROOM = 'https://video.clinic.example/room/anxiety-skills';

const WEEKS = 8;
const CANCELLED_WEEK = 5;
const TUESDAY = 2;

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: CLINIC_TZ, timeZoneName: 'longOffset' });
const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: CLINIC_TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** "-05:00" / "-04:00": the zone's UTC offset at a given instant (DST-aware). */
function offsetAt(date) {
  const name = offsetFormat.formatToParts(date).find((p) => p.type === 'timeZoneName').value;
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

function offsetMinutes(offset) {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  return sign * (h * 60 + m);
}

const pad = (n) => String(n).padStart(2, '0');

/** Calendar date (UTC-midnight Date used as a plain y/m/d) of "now" in New York. */
export function todayInClinic(now = new Date()) {
  return new Date(`${dateFormat.format(now)}T00:00:00Z`);
}

function addDays(day, n) {
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + n));
}

/**
 * Wall-clock time in New York on a calendar day, as an instant with the offset
 * that applies on that day, e.g. "2026-03-10T18:00:00-04:00".
 */
export function clinicInstant(day, hour, minute) {
  const wall = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute);
  // Guess with the offset at the wall time read as UTC, then re-check at the
  // real instant: the two only differ within hours of a DST switch.
  let offset = offsetAt(new Date(wall));
  offset = offsetAt(new Date(wall - offsetMinutes(offset) * 60_000));
  const ymd = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
  return `${ymd}T${pad(hour)}:${pad(minute)}:00${offset}`;
}

/**
 * Session days: week 3 is the most recent Tuesday on or before `today`
 * (New York calendar), so weeks 1-3 are past or today and 4-8 are ahead.
 */
export function programmeSchedule(today) {
  const back = (today.getUTCDay() - TUESDAY + 7) % 7;
  const week1 = addDays(today, -back - 14);
  return Array.from({ length: WEEKS }, (_, i) => {
    const day = addDays(week1, 7 * i);
    return { week: i + 1, day, start: clinicInstant(day, 18, 0), end: clinicInstant(day, 19, 30) };
  });
}

async function create(repo, resource) {
  // Seed data must be valid FHIR; a typo here should fail loudly at startup.
  validateResource(resource);
  return repo.createResource(resource);
}

/** Fills an empty repository; returns the ids tests and the admin API need. */
export async function seed(repo, now = new Date(), today = todayInClinic(now)) {
  const sessions = programmeSchedule(today);
  const year = sessions[0].day.getUTCFullYear();

  // The clinic itself: "Need help now" shows its name and phone once connected.
  const organization = await create(repo, {
    resourceType: 'Organization',
    active: true,
    name: 'Harmony United Psychiatric Care',
    telecom: [{ system: 'phone', use: 'work', value: '(800) 457-4573' }],
  });
  const patient = await create(repo, {
    resourceType: 'Patient',
    active: true,
    managingOrganization: { reference: `Organization/${organization.id}`, display: 'Harmony United Psychiatric Care' },
    identifier: [MEMBER_IDENTIFIER],
    name: [{ use: 'usual', text: 'Alex Demo', given: ['Alex'], family: 'Demo' }],
  });
  const practitioner = await create(repo, {
    resourceType: 'Practitioner',
    active: true,
    identifier: [{ system: 'https://clinic.example/staff', value: 'sam-rivera' }],
    name: [{ text: 'Dr Sam Rivera', prefix: ['Dr'], given: ['Sam'], family: 'Rivera' }],
  });
  // The group describes the programme only: actual=false and no members, so
  // a member can never learn who else attends.
  const group = await create(repo, {
    resourceType: 'Group',
    identifier: [{ system: 'https://clinic.example/group', value: `anxiety-skills-${year}` }],
    active: true,
    type: 'person',
    actual: false,
    name: 'Anxiety skills group',
    managingEntity: { reference: `Practitioner/${practitioner.id}`, display: 'Dr Sam Rivera' },
    characteristic: [
      { code: { text: 'theme' }, valueCodeableConcept: { text: 'anxiety' }, exclude: false },
      { code: { text: 'enrolment' }, valueCodeableConcept: { text: 'closed' }, exclude: false },
      {
        code: { text: 'length' },
        valueQuantity: { value: WEEKS, unit: 'weeks', system: 'http://unitsofmeasure.org', code: 'wk' },
        exclude: false,
      },
    ],
  });
  const careTeam = await create(repo, {
    resourceType: 'CareTeam',
    status: 'active',
    name: 'Anxiety skills group team',
    subject: { reference: `Group/${group.id}` },
    participant: [{ role: [{ text: 'Facilitator' }], member: { reference: `Practitioner/${practitioner.id}` } }],
  });
  const episodeOfCare = await create(repo, {
    resourceType: 'EpisodeOfCare',
    status: 'active',
    type: [{ text: 'Anxiety skills group' }],
    patient: { reference: `Patient/${patient.id}` },
    careManager: { reference: `Practitioner/${practitioner.id}` },
    team: [{ reference: `CareTeam/${careTeam.id}` }],
    period: { start: sessions[0].start, end: sessions[WEEKS - 1].end },
  });

  const appointments = [];
  for (const s of sessions) {
    const cancelled = s.week === CANCELLED_WEEK;
    const appt = await create(repo, {
      resourceType: 'Appointment',
      extension: [{ url: VIDEO_LINK_URL, valueUrl: VIDEO_ROOM }],
      identifier: [{ system: SESSION_SYSTEM, value: `anxiety-${year}-w${s.week}` }],
      status: cancelled ? 'cancelled' : 'booked',
      ...(cancelled ? { cancelationReason: { text: 'Facilitator unwell' } } : {}),
      description: `Anxiety skills group — week ${s.week}`,
      supportingInformation: [{ reference: `Group/${group.id}` }],
      start: s.start,
      end: s.end,
      participant: [
        { actor: { reference: `Patient/${patient.id}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${practitioner.id}` }, status: 'accepted' },
      ],
    });
    appointments.push(appt);
  }

  // Homework is due before the next session that will actually happen.
  const next = sessions.find((s, i) => Date.parse(s.start) > now.getTime() && appointments[i].status === 'booked');
  const lastHeld = [...sessions].reverse().find((s) => Date.parse(s.start) <= now.getTime()) ?? sessions[0];
  const task = await create(repo, {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    code: { text: 'Homework' },
    description: 'Practise box breathing twice a day',
    // The exercise, by the app's own id for it.
    focus: { identifier: { system: 'urn:alongside:exercise', value: 'box-breathing' }, display: 'Box breathing' },
    for: { reference: `Patient/${patient.id}` },
    owner: { reference: `Patient/${patient.id}` },
    requester: { reference: `Practitioner/${practitioner.id}` },
    authoredOn: lastHeld.end,
    executionPeriod: { start: lastHeld.end, end: next ? clinicInstant(next.day, 17, 0) : sessions[WEEKS - 1].start },
  });

  return {
    organization: organization.id,
    patient: patient.id,
    practitioner: practitioner.id,
    group: group.id,
    careTeam: careTeam.id,
    episodeOfCare: episodeOfCare.id,
    task: task.id,
    appointments: appointments.map((a) => a.id),
  };
}
