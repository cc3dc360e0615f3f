// Demo programme for one member: an 8-week anxiety skills group, anchored to
// the real calendar in New York so "past", "today" and "upcoming" sessions
// always exist whenever the tests run. Beside it, the group's orientation
// (a Questionnaire in English and Spanish) and an open grief support group
// the member could join but is not in.
import { validateResource } from '@medplum/core';

export const CLINIC_TZ = 'America/New_York';
export const MEMBER_IDENTIFIER = { system: 'https://clinic.example/member', value: 'demo-member' };
export const SESSION_SYSTEM = 'https://clinic.example/session';
export const VIDEO_LINK_URL = 'https://clinic.example/fhir/StructureDefinition/video-link';
export const VIDEO_ROOM = 'https://video.clinic.example/room/anxiety-skills';
export const ORIENTATION_URL = 'https://clinic.example/fhir/Questionnaire/anxiety-skills-orientation';
export const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';

const WEEKS = 8;
const CANCELLED_WEEK = 5;
const TUESDAY = 2;
const THURSDAY = 4;
const GRIEF_WEEKS = 6;
// The grief group starts on the first Thursday at least this far ahead.
const GRIEF_LEAD_DAYS = 14;

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

/** The Spanish translation of a primitive string, for its `_field` sibling. */
function spanish(text) {
  return {
    extension: [
      {
        url: TRANSLATION,
        extension: [
          { url: 'lang', valueCode: 'es' },
          { url: 'content', valueString: text },
        ],
      },
    ],
  };
}

// The orientation's paragraphs, English then Spanish (Latin American, tú).
const ORIENTATION_TEXT = [
  [
    'welcome',
    'Welcome to the anxiety skills group. Over eight weeks we meet online to learn and practise practical ways to manage anxiety: ' +
      'slowing your breathing, noticing anxious thoughts and facing fears one small step at a time. ' +
      'Share as much or as little as you like; listening is taking part too.',
    'Te damos la bienvenida al grupo de habilidades para la ansiedad. Durante ocho semanas nos reunimos en línea para aprender y practicar ' +
      'formas prácticas de manejar la ansiedad: respirar más despacio, darte cuenta de los pensamientos ansiosos y enfrentar tus miedos ' +
      'poco a poco. Comparte tanto o tan poco como quieras; escuchar también es participar.',
  ],
  [
    'confidentiality',
    "What others share in the group stays in the group. Outside the session, please do not repeat anyone's story or say who was there. " +
      'The facilitators keep what you share confidential too, except when the law requires them to act to keep you or someone else safe.',
    'Lo que otras personas comparten en el grupo se queda en el grupo. Fuera de la sesión, por favor no repitas la historia de nadie ' +
      'ni digas quién estuvo. Los facilitadores también guardan la confidencialidad de lo que compartes, excepto cuando la ley les exige ' +
      'actuar para protegerte a ti o a otra persona.',
  ],
  [
    'respect',
    'Please do not record the session or take photos or screenshots of it. Whether you join on your computer or your phone, ' +
      'be somewhere private where no one else can see or hear the group, and use headphones if you can.',
    'Por favor, no grabes la sesión ni le tomes fotos o capturas de pantalla. Ya sea que te conectes desde tu computadora o tu teléfono, ' +
      'busca un lugar privado donde nadie más pueda ver ni escuchar al grupo, y usa audífonos si puedes.',
  ],
  [
    'safety',
    'The group is not an emergency service, and messages to the clinic may not be seen right away. ' +
      'If you are in crisis between sessions, use your safety plan, call or text 988 (the Suicide & Crisis Lifeline), ' +
      'or call 911 if you are in immediate danger.',
    'El grupo no es un servicio de emergencias y es posible que los mensajes a la clínica no se lean de inmediato. ' +
      'Si estás en crisis entre sesiones, usa tu plan de seguridad, llama o envía un mensaje de texto al 988 ' +
      '(la Línea de Prevención del Suicidio y Crisis), o llama al 911 si estás en peligro inmediato.',
  ],
  [
    'attendance',
    'Try to come every week, because each session builds on the one before. If you are going to miss one, ' +
      'let the facilitators know beforehand so nobody worries and they can tell you what you missed.',
    'Intenta venir todas las semanas, porque cada sesión se basa en la anterior. Si vas a faltar a una, ' +
      'avísales a los facilitadores con anticipación para que nadie se preocupe y puedan contarte lo que te perdiste.',
  ],
];

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
    // Whose crisis lines Need help now lists until the member chooses.
    address: [{ use: 'work', city: 'Tampa', state: 'FL', country: 'US' }],
  });
  const patient = await create(repo, {
    resourceType: 'Patient',
    active: true,
    managingOrganization: { reference: `Organization/${organization.id}`, display: 'Harmony United Psychiatric Care' },
    identifier: [MEMBER_IDENTIFIER],
    name: [{ use: 'usual', text: 'Alex Demo', given: ['Alex'], family: 'Demo' }],
  });
  const staff = (value, name) =>
    create(repo, {
      resourceType: 'Practitioner',
      active: true,
      identifier: [{ system: 'https://clinic.example/staff', value }],
      name: [name],
    });
  const practitioner = await staff('sam-rivera', { text: 'Dr Sam Rivera', prefix: ['Dr'], given: ['Sam'], family: 'Rivera' });
  const coFacilitator = await staff('priya-natarajan', { text: 'Priya Natarajan', given: ['Priya'], family: 'Natarajan' });
  const griefFacilitator = await staff('jordan-lee', { text: 'Jordan Lee', given: ['Jordan'], family: 'Lee' });
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
    participant: [
      { role: [{ text: 'Facilitator' }], member: { reference: `Practitioner/${practitioner.id}` } },
      { role: [{ text: 'Co-facilitator' }], member: { reference: `Practitioner/${coFacilitator.id}` } },
    ],
  });
  const episodeOfCare = await create(repo, {
    resourceType: 'EpisodeOfCare',
    status: 'active',
    type: [{ text: 'Anxiety skills group' }],
    patient: { reference: `Patient/${patient.id}` },
    // The displays are what a member reads when a strict server refuses
    // the Practitioner and the Group's team (outside their own records).
    careManager: { reference: `Practitioner/${practitioner.id}`, display: 'Dr Sam Rivera' },
    team: [{ reference: `CareTeam/${careTeam.id}`, display: 'Anxiety skills group team' }],
    period: { start: sessions[0].start, end: sessions[WEEKS - 1].end },
  });

  // Agreed to once, before the first session; the app finds it by its
  // useContext naming the group as the programme.
  const orientation = await create(repo, {
    resourceType: 'Questionnaire',
    url: ORIENTATION_URL,
    version: '1',
    status: 'active',
    language: 'en',
    title: 'Orientation and confidentiality agreement',
    _title: spanish('Orientación y acuerdo de confidencialidad'),
    subjectType: ['Patient'],
    useContext: [
      {
        code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'program' },
        valueReference: { reference: `Group/${group.id}` },
      },
    ],
    item: [
      ...ORIENTATION_TEXT.map(([linkId, en, es]) => ({ linkId, type: 'display', text: en, _text: spanish(es) })),
      {
        linkId: 'agree',
        type: 'boolean',
        required: true,
        text: 'I have read this and agree to it',
        _text: spanish('Leí esto y estoy de acuerdo'),
      },
    ],
  });

  // An open group the member may see and ask to join; nothing links the
  // member to it (no members, CareTeam or EpisodeOfCare).
  const afterLead = addDays(today, GRIEF_LEAD_DAYS);
  const griefStart = addDays(afterLead, (THURSDAY - afterLead.getUTCDay() + 7) % 7);
  const griefGroup = await create(repo, {
    resourceType: 'Group',
    identifier: [{ system: 'https://clinic.example/group', value: `grief-support-${year}` }],
    active: true,
    type: 'person',
    actual: false,
    name: 'Grief support group',
    managingEntity: { reference: `Practitioner/${griefFacilitator.id}`, display: 'Jordan Lee' },
    characteristic: [
      { code: { text: 'theme' }, valueCodeableConcept: { text: 'grief' }, exclude: false },
      {
        code: { text: 'enrolment' },
        valueCodeableConcept: { text: 'open' },
        exclude: false,
        period: { start: clinicInstant(griefStart, 18, 0) },
      },
      {
        code: { text: 'length' },
        valueQuantity: { value: GRIEF_WEEKS, unit: 'weeks', system: 'http://unitsofmeasure.org', code: 'wk' },
        exclude: false,
      },
    ],
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
        { actor: { reference: `Practitioner/${practitioner.id}`, display: 'Dr Sam Rivera' }, status: 'accepted' },
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
    coFacilitator: coFacilitator.id,
    griefFacilitator: griefFacilitator.id,
    group: group.id,
    griefGroup: griefGroup.id,
    orientation: orientation.id,
    careTeam: careTeam.id,
    episodeOfCare: episodeOfCare.id,
    task: task.id,
    appointments: appointments.map((a) => a.id),
  };
}
