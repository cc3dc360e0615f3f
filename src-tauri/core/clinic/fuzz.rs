//! Fuzzing what the clinic's server sends: arbitrary JSON, with keys and
//! strings biased to the FHIR names and values the parsers look for so
//! that many cases get past the first check, fed to every parser of a
//! server's answer. The strategies are shared with the `proptest!` blocks
//! in each module's own tests (where the parser is private to it); the
//! parsers this module can reach are fuzzed here.
//!
//! The property is always that nothing panics; where a parsed value has a
//! rule (an id that is plain, a 2xx entry that is a Bundle), that too.
//!
//! The JSON is drawn straight from the test runner's random numbers by
//! `Draw` and shrunk structurally by `Shrinking` (a key or an element taken
//! out, a value put in place of its parent): proptest's own combinators
//! cost tens of microseconds a node in a debug build, too slow for tens of
//! thousands of cases of whole Bundles.

use super::address::check_endpoint;
use super::fhir::{Appointment, Bundle};
use super::retry::{retry_after, MAX_RETRY_AFTER};
use super::scopes::{Granted, READS};
use super::SmartConfig;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::{NewTree, ValueTree};
use proptest::test_runner::{TestRng, TestRunner};
use serde_json::{json, Map, Number, Value};
use std::sync::Arc;
use url::Host;

/// Cases per parser; every property below and in the modules' tests runs
/// this many.
pub(super) const CASES: u32 = 10_000;

pub(super) fn config() -> ProptestConfig {
    ProptestConfig::with_cases(CASES)
}

/// FHIR's names, and the few more the parsers read.
const KEYS: &[&str] = &[
    "resourceType",
    "id",
    "status",
    "start",
    "end",
    "entry",
    "resource",
    "link",
    "relation",
    "url",
    "meta",
    "lastUpdated",
    "versionId",
    "focus",
    "identifier",
    "system",
    "value",
    "executionPeriod",
    "restriction",
    "period",
    "participant",
    "member",
    "role",
    "characteristic",
    "code",
    "text",
    "coding",
    "valueCodeableConcept",
    "valueQuantity",
    "useContext",
    "valueReference",
    "reference",
    "item",
    "linkId",
    "type",
    "_text",
    "extension",
    "telecom",
    "name",
    "given",
    "family",
    "managingOrganization",
    "team",
    "subject",
    // Read by the parsers too.
    "description",
    "display",
    "use",
    "exclude",
    "active",
    "managingEntity",
    "language",
    "title",
    "_title",
    "valueCode",
    "valueString",
    "questionnaire",
    "version",
    "issue",
    "details",
    "diagnostics",
    "response",
];

/// Values the parsers compare against, and some that are nearly them.
const WORDS: &[&str] = &[
    "",
    " ",
    "Bundle",
    "searchset",
    "batch-response",
    "OperationOutcome",
    "next",
    "self",
    "Next",
    "booked",
    "cancelled",
    "entered-in-error",
    "completed",
    "requested",
    "received",
    "ready",
    "accepted",
    "in-progress",
    "on-hold",
    "rejected",
    "failed",
    "draft",
    "active",
    "planned",
    "finished",
    "200",
    "200 OK",
    "201 Created",
    " 204",
    "299",
    "300",
    "401 Unauthorized",
    "403",
    "429",
    "503",
    "two hundred",
    "99999999999999999999",
    "program",
    "theme",
    "Enrolment",
    "enrollment",
    "open",
    "OPEN",
    "closed",
    "length",
    "display",
    "boolean",
    "phone",
    "email",
    "home",
    "work",
    "en",
    "es",
    "es-MX",
    "lang",
    "content",
    "http://hl7.org/fhir/StructureDefinition/translation",
    "urn:alongside:exercise",
    "box-breathing",
    "no-such-exercise",
    "2026-11-24T18:00:00-05:00",
    "2026-11-24T18:00:00Z",
    "2026-12-10",
    "2026-02-30",
    "2026-1",
    "0000-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "2026-12-08T22:30:00.123456789+14:00",
    "o1",
    "p1",
    "t1",
    "g1",
    "q1",
    "Organization/o1",
    "Organization/",
    "Organization/../Patient?x=1",
    "Organization/o1/_history/2",
    "Practitioner/p1",
    "CareTeam/t1",
    "Group/g1",
    "Group/",
    "Patient/p1",
    "Questionnaire/q1",
    "https://clinic.example/q|1",
    "https://clinic.example/fhir/R4/Appointment?_page=2",
    "https://clinic.example/fhir/R4/AppointmentResponse/r2/_history/1",
    "https://evil.example/fhir/R4/Appointment",
    "http://127.0.0.1:9/fhir/R4/Task",
    "/fhir/R4/Task/t9",
    "Task/",
    "Task//x",
    "(800) 457-4573",
    "Bearer",
    "bearer",
    "MAC",
    "S256",
    "plain",
    "launch/patient patient/*.rs patient/Task.u",
    "user/Task.cruds patient/QuestionnaireResponse.write patient/AppointmentResponse.c",
    "é",
    "日本語",
    "\u{0}",
    "\u{202e}",
    "\u{1F600}",
];

/// Characters for random text: URL-ish ASCII, and what trips up text
/// handling (NUL, controls, a BOM, right-to-left, surrogate neighbours,
/// the last code point).
const ALPHABETS: &[&str] = &[
    "abcdefXYZ0123456789./:?=&%-_|#@ []{}\"'\\",
    "aé日本\u{0}\u{1f}\u{7f}\u{85}\u{a0}\u{202e}\u{feff}\u{1F600}\u{D7FF}\u{E000}\u{10FFFF}\n\t ",
];

/// Values for the hints of `Draw::shaped`'s paths, so that ids and
/// references meet and codes are the ones looked for.
const IDS: &[&str] = &["g1", "g2", "t1", "p1", "q1", "o1", "a1", "", "g1/x"];
const REFERENCES: &[&str] = &[
    "Group/g1",
    "Group/g2",
    "CareTeam/t1",
    "Practitioner/p1",
    "Organization/o1",
    "Questionnaire/q1",
    "Group/",
    "Group/g1/_history/1",
    "Group/../Patient",
    "https://c.example/fhir/R4/Group/g1",
];
const CODES: &[&str] = &[
    "theme",
    "enrolment",
    "enrollment",
    "length",
    "program",
    "open",
    "closed",
    "display",
    "boolean",
    "phone",
    "home",
    "work",
    "completed",
    "active",
    "cancelled",
    "entered-in-error",
    "lang",
    "content",
    "es",
    "en",
    "urn:alongside:exercise",
    "http://hl7.org/fhir/StructureDefinition/translation",
];
const NUMBERS: &[f64] = &[0.0, 1.0, 8.0, 8.5, 520.0, 521.0, -1.0, 1e300, -0.0, 0.1];

/// JSON drawn from random numbers: a splitmix64 stream seeded by the test
/// runner (whose ChaCha generator is slow in a debug build), so a case is
/// still the same for the same seed.
pub(super) struct Draw {
    state: u64,
}

impl Draw {
    fn seeded(rng: &mut TestRng) -> Self {
        Self {
            state: rng.next_u64(),
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub(super) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub(super) fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }

    /// Random text, up to 48 characters.
    pub(super) fn text(&mut self) -> String {
        let chars: Vec<char> = self.pick(ALPHABETS).chars().collect();
        let len = self.below(49);
        (0..len).map(|_| chars[self.below(chars.len())]).collect()
    }

    /// Mostly a word the parsers know, else random text.
    pub(super) fn word(&mut self) -> String {
        if self.chance(75) {
            // The types a sync reads come from the one list, so a type added there is fuzzed too.
            let from = if self.chance(40) { READS } else { WORDS };
            self.pick(from).to_owned()
        } else {
            self.text()
        }
    }

    fn number(&mut self) -> Value {
        match self.below(6) {
            0..=2 => Value::from(self.pick(NUMBERS)),
            3 => Value::from(self.next_u64() as i64),
            4 => Value::from(self.next_u64()),
            // Any f64 by its bits (NaN and the infinities are not JSON: null).
            _ => {
                Number::from_f64(f64::from_bits(self.next_u64())).map_or(Value::Null, Value::Number)
            }
        }
    }

    /// A value that is not an array or object.
    fn leaf(&mut self) -> Value {
        match self.below(10) {
            0 => Value::Null,
            1 => Value::Bool(self.chance(50)),
            2 | 3 => self.number(),
            _ => Value::String(self.word()),
        }
    }

    fn key(&mut self) -> String {
        if self.chance(90) {
            self.pick(KEYS).to_owned()
        } else {
            self.text()
        }
    }

    /// Any JSON nested at most `depth` levels: objects (keys mostly
    /// FHIR's), arrays, strings, numbers, booleans and null.
    pub(super) fn json(&mut self, depth: u32) -> Value {
        if depth == 0 {
            return self.leaf();
        }
        match self.below(6) {
            0..=2 => self.leaf(),
            3 => {
                let n = self.below(5);
                Value::Array((0..n).map(|_| self.json(depth - 1)).collect())
            }
            _ => {
                let n = self.below(6);
                Value::Object((0..n).map(|_| (self.key(), self.json(depth - 1))).collect())
            }
        }
    }

    /// A field's value by its hint: `n` a number, `b` a boolean, `id` an
    /// id, `ref` a reference, `code` a code the parsers look for, `w:a|b`
    /// one of the words listed; else mostly a word. Any JSON now and then,
    /// whatever the hint.
    fn field(&mut self, hint: &str) -> Value {
        if self.chance(3) {
            return self.json(2);
        }
        let hinted = self.chance(92);
        if let Some(listed) = hint.strip_prefix("w:").filter(|_| hinted) {
            let words: Vec<&str> = listed.split('|').collect();
            return Value::from(self.pick(&words));
        }
        match hint {
            "n" if hinted => self.number(),
            "b" if hinted => Value::Bool(self.chance(50)),
            "id" if hinted => Value::from(self.pick(IDS)),
            "ref" if hinted => Value::from(self.pick(REFERENCES)),
            "code" if hinted => Value::from(self.pick(CODES)),
            _ if self.chance(85) => Value::String(self.word()),
            _ => self.leaf(),
        }
    }

    /// Mostly a resource of one of `kinds` (any resourceType when empty;
    /// none, for JSON that is not FHIR, when `kinds` is `&[""]`) over a few
    /// random fields, with a field at most of `paths` (JSON pointers, each
    /// with an optional `#hint`, see `field`); else any JSON.
    pub(super) fn shaped(&mut self, kinds: &[&str], paths: &[&str]) -> Value {
        if self.chance(5) {
            return self.json(4);
        }
        let mut v = self.base();
        if kinds != [""] {
            let kind = match kinds {
                [] => Value::String(self.word()),
                _ if self.chance(90) => Value::from(self.pick(kinds)),
                _ => self.leaf(),
            };
            put(&mut v, "/resourceType", kind);
        }
        for path in paths {
            if self.chance(85) {
                let (pointer, hint) = path.split_once('#').unwrap_or((path, ""));
                let value = self.field(hint);
                put(&mut v, pointer, value);
            }
        }
        v
    }

    /// An object to build on: empty half the time, else random fields.
    fn base(&mut self) -> Value {
        match self.chance(50).then(|| self.json(2)) {
            Some(base @ Value::Object(_)) => base,
            _ => Value::Object(Map::new()),
        }
    }

    /// A link as a Bundle has them, mostly.
    fn link(&mut self) -> Value {
        if self.chance(15) {
            return self.json(2);
        }
        let relation = if self.chance(50) {
            "next".to_owned()
        } else {
            self.word()
        };
        json!({"relation": relation, "url": self.url()})
    }

    /// Mostly a Bundle of entries `entry` draws, with links; else any JSON.
    pub(super) fn bundle(&mut self, entry: &dyn Fn(&mut Draw) -> Value) -> Value {
        if self.chance(10) {
            return self.json(4);
        }
        let mut v = self.base();
        let kind = self.word();
        let entries: Vec<Value> = (0..self.below(6))
            .map(|_| {
                if self.chance(85) {
                    json!({"resource": entry(self)})
                } else {
                    self.json(2)
                }
            })
            .collect();
        let links: Vec<Value> = (0..self.below(3)).map(|_| self.link()).collect();
        put(&mut v, "/resourceType", json!("Bundle"));
        put(&mut v, "/type", Value::String(kind));
        put(&mut v, "/entry", Value::Array(entries));
        put(&mut v, "/link", Value::Array(links));
        v
    }

    /// A URL, mostly one that parses, often one the app must refuse.
    pub(super) fn url(&mut self) -> String {
        const KNOWN: &[&str] = &[
            "https://auth.clinic.example/authorize",
            "https://auth.clinic.example/token?tenant=4",
            "http://127.0.0.1:9000/token",
            "http://[::1]:9000/token",
            "http://[::ffff:127.0.0.1]/token",
            "http://localhost:9000/token",
            "http://auth.clinic.example/token",
            "https://member:pw@auth.clinic.example/authorize",
            "https://:pw@auth.clinic.example/authorize",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<h1>sign in</h1>",
            "https://",
            "https:///x",
            "https://xn--/x",
            "",
        ];
        const SCHEMES: &[&str] = &[
            "https://",
            "http://",
            "file://",
            "javascript:",
            "data:",
            "ftp://",
            "HTTPS://",
            "http:/",
        ];
        const USERS: &[&str] = &["", "", "", "member@", "member:pw@", ":pw@", "@"];
        const HOSTS: &[&str] = &[
            "clinic.example",
            "127.0.0.1",
            "127.8.0.1",
            "[::1]",
            "[::ffff:127.0.0.1]",
            "localhost",
            "10.0.0.1",
            "0.0.0.0",
            "xn--",
            "",
            "exa mple",
            "%41.example",
            "[::1",
        ];
        const PORTS: &[&str] = &["", "", ":0", ":443", ":65535", ":65536", ":x"];
        const PATHS: &[&str] = &[
            "/fhir", "/R4", "/..", "/%2e%2e", "/token", "?a=1", "#f", "/",
        ];
        match self.below(5) {
            0 | 1 => self.pick(KNOWN).to_owned(),
            2 | 3 => {
                let mut url = [SCHEMES, USERS, HOSTS, PORTS]
                    .map(|parts| self.pick(parts))
                    .concat();
                for _ in 0..self.below(5) {
                    url.push_str(self.pick(PATHS));
                }
                url
            }
            _ => self.word(),
        }
    }
}

/// Sets `value` at `pointer` ("/a/0/b") in `into`, making objects (arrays
/// for a number) on the way and replacing whatever is in the way.
pub(super) fn put(into: &mut Value, pointer: &str, value: Value) {
    let mut at = into;
    for part in pointer.split('/').skip(1) {
        at = match part.parse::<usize>() {
            Ok(n) => {
                if !at.is_array() {
                    *at = Value::Array(Vec::new());
                }
                let items = at.as_array_mut().expect("an array");
                if items.len() <= n {
                    items.resize(n + 1, Value::Null);
                }
                &mut items[n]
            }
            Err(_) => {
                if !at.is_object() {
                    *at = Value::Object(Map::new());
                }
                let fields = at.as_object_mut().expect("an object");
                fields.entry(part.to_owned()).or_insert(Value::Null)
            }
        };
    }
    *at = value;
}

/// What a failing case is shrunk to, simplest tried last.
pub(super) trait Shrink: Clone + std::fmt::Debug {
    fn simpler(&self) -> Vec<Self>;
}

impl Shrink for Value {
    /// Null, then each child in its parent's place, then each child made
    /// simpler, then (tried first) each key or element taken out.
    fn simpler(&self) -> Vec<Value> {
        let mut out = Vec::new();
        match self {
            Value::Null => return out,
            Value::Bool(b) => {
                if *b {
                    out.push(Value::Bool(false));
                }
            }
            Value::Number(n) => {
                if n.as_f64() != Some(0.0) {
                    out.push(json!(0));
                }
            }
            Value::String(s) => {
                out.push(json!(""));
                let half: String = s.chars().take(s.chars().count() / 2).collect();
                if !half.is_empty() {
                    out.push(Value::String(half));
                }
            }
            Value::Array(items) => {
                out.push(Value::Null);
                out.extend(items.iter().cloned());
                for (i, item) in items.iter().enumerate() {
                    for simpler in item.simpler() {
                        let mut changed = items.clone();
                        changed[i] = simpler;
                        out.push(Value::Array(changed));
                    }
                }
                for i in 0..items.len() {
                    let mut fewer = items.clone();
                    fewer.remove(i);
                    out.push(Value::Array(fewer));
                }
            }
            Value::Object(fields) => {
                out.push(Value::Null);
                out.extend(fields.values().cloned());
                for (key, value) in fields {
                    for simpler in value.simpler() {
                        let mut changed = fields.clone();
                        changed.insert(key.clone(), simpler);
                        out.push(Value::Object(changed));
                    }
                }
                for key in fields.keys() {
                    let mut fewer = fields.clone();
                    fewer.remove(key);
                    out.push(Value::Object(fewer));
                }
            }
        }
        out
    }
}

impl Shrink for String {
    fn simpler(&self) -> Vec<String> {
        if self.is_empty() {
            return Vec::new();
        }
        let half: String = self.chars().take(self.chars().count() / 2).collect();
        vec![String::new(), half]
    }
}

/// A strategy whose values `Draw` makes.
#[derive(Clone)]
pub(super) struct Drawn<T>(Arc<dyn Fn(&mut Draw) -> T + Send + Sync>);

impl<T> std::fmt::Debug for Drawn<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Drawn")
    }
}

impl<T: Shrink> Strategy for Drawn<T> {
    type Tree = Shrinking<T>;
    type Value = T;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let value = (self.0)(&mut Draw::seeded(runner.rng()));
        Ok(Shrinking {
            current: value,
            simpler: None,
            back: None,
        })
    }
}

/// A drawn value and the way back from its last simplification.
pub(super) struct Shrinking<T> {
    current: T,
    /// What is left to try in place of `current` (made when first needed).
    simpler: Option<Vec<T>>,
    /// The value before the last simplification, and what was left to try.
    back: Option<(T, Vec<T>)>,
}

impl<T: Shrink> ValueTree for Shrinking<T> {
    type Value = T;

    fn current(&self) -> T {
        self.current.clone()
    }

    fn simplify(&mut self) -> bool {
        let mut rest = self
            .simpler
            .take()
            .unwrap_or_else(|| self.current.simpler());
        let Some(next) = rest.pop() else {
            self.simpler = Some(rest);
            return false;
        };
        let was = std::mem::replace(&mut self.current, next);
        self.back = Some((was, rest));
        true
    }

    fn complicate(&mut self) -> bool {
        let Some((was, rest)) = self.back.take() else {
            return false;
        };
        self.current = was;
        self.simpler = Some(rest);
        true
    }
}

pub(super) fn drawn<T: Shrink>(draw: impl Fn(&mut Draw) -> T + Send + Sync + 'static) -> Drawn<T> {
    Drawn(Arc::new(draw))
}

/// Any JSON, up to four levels deep.
pub(super) fn json() -> Drawn<Value> {
    drawn(|d| d.json(4))
}

/// A string: mostly a word the parsers know, else random text.
pub(super) fn word() -> Drawn<String> {
    drawn(|d| d.word())
}

/// A URL, mostly one that parses, often one the app must refuse.
pub(super) fn url_word() -> Drawn<String> {
    drawn(|d| d.url())
}

/// See `Draw::shaped`.
pub(super) fn shaped(
    kinds: &'static [&'static str],
    paths: &'static [&'static str],
) -> Drawn<Value> {
    drawn(move |d| d.shaped(kinds, paths))
}

/// A searchset of resources of `kinds` with fields at `paths` (see
/// `Draw::shaped`), and links; sometimes any JSON.
pub(super) fn bundle(
    kinds: &'static [&'static str],
    paths: &'static [&'static str],
) -> Drawn<Value> {
    drawn(move |d| d.bundle(&|d| d.shaped(kinds, paths)))
}

/// The text of `value`, cut short or with one byte changed, or as it is.
pub(super) fn text_of(value: &Value, cut: usize, flip: Option<(usize, u8)>) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).expect("JSON");
    if let Some((at, byte)) = flip {
        if !bytes.is_empty() {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
    }
    if cut > 0 && cut < bytes.len() {
        bytes.truncate(cut);
    }
    bytes
}

pub(super) const APPOINTMENT: &[&str] = &[
    "/id#id",
    "/status#w:booked|cancelled|entered-in-error|proposed|fulfilled",
    "/start#w:2026-11-24T18:00:00-05:00|2026-11-24T18:00:00Z|2026-11-24|2026-02-30T18:00:00Z|9999-12-31T23:59:59-23:59",
    "/end",
    "/description",
    "/meta/versionId",
    "/meta/lastUpdated#w:2026-11-01T00:00:00Z|2026-11-01T00:00:00.123+01:00|2026-11-01|0000-01-01T00:00:00+23:59",
];

// The parsers this module reaches.

/// Appointments mostly, other resources sometimes.
const SOME_APPOINTMENTS: &[&str] = &[
    "Appointment",
    "Appointment",
    "Appointment",
    "OperationOutcome",
    "Task",
];

proptest! {
    #![proptest_config(config())]

    /// A page of a search, as sync reads it, and each Appointment on it.
    #[test]
    fn a_searchset_and_its_appointments(
        page in bundle(SOME_APPOINTMENTS, APPOINTMENT),
        cut in 0usize..4096,
        flip in proptest::option::of((any::<usize>(), any::<u8>())),
    ) {
        let _ = serde_json::from_slice::<Bundle>(&text_of(&page, cut, flip));
        let Ok(read) = serde_json::from_slice::<Bundle>(&text_of(&page, 0, None)) else {
            return Ok(());
        };
        if let Some(next) = read.next() {
            prop_assert!(page["link"].as_array().is_some_and(|links| links
                .iter()
                .any(|l| l["relation"] == "next" && l["url"] == next)));
        }
        for resource in read.entry.iter().filter_map(|e| e.resource.as_ref()) {
            let Some(appointment) = Appointment::from_entry(resource) else {
                continue;
            };
            prop_assert!(Appointment::is_one(resource));
            prop_assert_eq!(&resource["id"], &json!(appointment.id));
            prop_assert_eq!(&resource["status"], &json!(appointment.status));
            prop_assert!(appointment.start.is_none() || resource["start"].is_string());
        }
    }

    /// A SMART discovery document: the endpoints taken are only those
    /// `check_endpoint` lets through, and those follow the rule.
    #[test]
    fn a_discovery_document(
        doc in shaped(&[""], &[
            "/authorization_endpoint",
            "/token_endpoint",
            "/code_challenge_methods_supported/0",
            "/code_challenge_methods_supported/1",
        ]),
        authorize in url_word(),
        token in url_word(),
        cut in 0usize..1024,
    ) {
        let mut doc = doc;
        if doc.is_object() {
            put(&mut doc, "/authorization_endpoint", json!(authorize));
            put(&mut doc, "/token_endpoint", json!(token));
        }
        let _ = serde_json::from_slice::<SmartConfig>(&text_of(&doc, cut, None));
        let Ok(config) = serde_json::from_slice::<SmartConfig>(&text_of(&doc, 0, None)) else {
            return Ok(());
        };
        for endpoint in [&config.authorization_endpoint, &config.token_endpoint] {
            if check_endpoint(endpoint).is_ok() {
                let loopback = match endpoint.host() {
                    Some(Host::Ipv4(ip)) => ip.is_loopback(),
                    Some(Host::Ipv6(ip)) => ip.is_loopback(),
                    _ => false,
                };
                prop_assert!(endpoint.scheme() == "https" || (endpoint.scheme() == "http" && loopback), "{}", endpoint);
                prop_assert!(endpoint.username().is_empty() && endpoint.password().is_none(), "{}", endpoint);
            }
        }
    }

    /// A `Retry-After` header: a wait of a day at most, or none.
    #[test]
    fn a_retry_after_header(value in prop_oneof![
        proptest::collection::vec(select(&["0", "1", "9", " ", "00", "\t", "-"][..]), 0..12)
            .prop_map(|parts| parts.concat()),
        drawn(|d| d.text()),
        any::<u64>().prop_map(|n| n.to_string()),
    ]) {
        let Ok(header) = reqwest::header::HeaderValue::from_str(&value) else {
            return Ok(());
        };
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, header);
        if let Some(wait) = retry_after(&headers) {
            prop_assert!(wait <= MAX_RETRY_AFTER);
            prop_assert!(value.trim().bytes().all(|b| b.is_ascii_digit()));
        }
    }

    /// The scopes a token answer says were granted.
    #[test]
    fn granted_scopes(parts in proptest::collection::vec(prop_oneof![
        4 => select(&[
            "patient/Task.u", "patient/Task.rs", "patient/*.*", "user/Task.write",
            "patient/QuestionnaireResponse.c", "patient/AppointmentResponse.cruds",
            "system/Task.u", "patient/Task.", "patient/.u", "patient/Task.ux",
            "launch/patient", "/", ".", "patient//Task.u",
        ][..]).prop_map(str::to_owned),
        1 => drawn(|d| d.text()),
    ], 0..8)) {
        let scope = parts.join(" ");
        let granted = Granted::parse(&scope);
        let can = granted.abilities();
        if can.rsvp || can.agree || can.homework {
            prop_assert!(scope.contains("patient/") || scope.contains("user/"));
        }
        let _ = granted.has_all_writes();
    }
}

/// A Bundle nested 10,000 deep is refused, not followed down the stack.
#[test]
fn a_bundle_nested_past_the_limit_is_malformed_not_a_crash() {
    let depth = 10_000;
    let open = r#"{"resourceType":"Bundle","type":"searchset","entry":[{"resource":"#;
    let text = format!("{}{{}}{}", open.repeat(depth), "}]}".repeat(depth));
    assert!(serde_json::from_str::<Bundle>(&text).is_err());
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[test]
fn put_makes_the_path() {
    let mut v = json!({"a": 1});
    put(&mut v, "/a/1/b", json!("x"));
    assert_eq!(v, json!({"a": [null, {"b": "x"}]}));
}
