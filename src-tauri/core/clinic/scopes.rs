//! The SMART scopes a clinic granted, and what they let the app send.
//! Granted scopes come back with each token; a server may grant fewer than
//! asked, and the features that need the rest then show as unavailable
//! rather than failing each time they are tried.

use serde::Serialize;
use std::sync::LazyLock;
use ts_rs::TS;

/// Every FHIR type a sync searches. One list: sign-in asks for exactly
/// these (an integration test checks each request a sync makes against it,
/// and that none of it goes unused).
pub const READS: &[&str] = &[
    "Appointment",
    "Task",
    "Patient",
    "Organization",
    "EpisodeOfCare",
    "CareTeam",
    "Group",
    "Practitioner",
    "Questionnaire",
    // The member's own answers: whether the orientation is agreed, and a
    // sent item found again by its outbox identifier.
    "QuestionnaireResponse",
    // A reply found again by its outbox identifier (`If-None-Exist` is a search).
    "AppointmentResponse",
];

/// The outbox's writes: replies and answers are created, homework updated.
pub const WRITES: &[(&str, char)] = &[
    ("AppointmentResponse", 'c'),
    ("QuestionnaireResponse", 'c'),
    ("Task", 'u'),
];

/// What sign-in asks for: the member's reads (SMART v2 `.rs`) and the
/// outbox's writes.
pub static SCOPES: LazyLock<String> = LazyLock::new(|| {
    let mut scopes = vec!["launch/patient openid fhirUser offline_access".to_owned()];
    scopes.extend(READS.iter().map(|kind| format!("patient/{kind}.rs")));
    scopes.extend(WRITES.iter().map(|(kind, c)| format!("patient/{kind}.{c}")));
    scopes.join(" ")
});

/// What the member can send with the sign-in they have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Abilities {
    /// "I'll be there" / "I can't make it".
    pub rsvp: bool,
    /// Agreeing to a group's orientation.
    pub agree: bool,
    /// Telling the clinic homework is done.
    pub homework: bool,
    /// Sending self-check results the member chose to share.
    pub share_checks: bool,
}

pub struct Granted<'a> {
    scopes: Vec<&'a str>,
}

impl<'a> Granted<'a> {
    pub fn parse(scope: &'a str) -> Self {
        Self {
            scopes: scope.split_ascii_whitespace().collect(),
        }
    }

    /// Whether one of the scopes allows `interaction` (a SMART v2 letter:
    /// c, r, u, d, s) on `resource`. SMART v1's `read`/`write`/`*` count too.
    pub fn allows(&self, resource: &str, interaction: char) -> bool {
        self.scopes.iter().any(|scope| {
            let Some((context, rest)) = scope.split_once('/') else {
                return false;
            };
            let Some((kind, permissions)) = rest.split_once('.') else {
                return false;
            };
            let v1 = match permissions {
                "*" => true,
                "read" => matches!(interaction, 'r' | 's'),
                "write" => matches!(interaction, 'c' | 'u' | 'd'),
                _ => false,
            };
            let v2 = !permissions.is_empty()
                && permissions.chars().all(|c| "cruds".contains(c))
                && permissions.contains(interaction);
            matches!(context, "patient" | "user") && (kind == "*" || kind == resource) && (v1 || v2)
        })
    }

    pub fn abilities(&self) -> Abilities {
        let answers = self.allows("QuestionnaireResponse", 'c');
        Abilities {
            rsvp: self.allows("AppointmentResponse", 'c'),
            agree: answers,
            homework: self.allows("Task", 'u') && self.allows("Task", 'r'),
            share_checks: answers,
        }
    }

    /// Whether every write this version asks for is granted.
    pub fn has_all_writes(&self) -> bool {
        let a = self.abilities();
        a.rsvp && a.agree && a.homework && a.share_checks
    }

    /// Whether everything this version asks for (reads and writes) is granted.
    pub fn has_all(&self) -> bool {
        self.has_all_writes()
            && READS
                .iter()
                .all(|kind| self.allows(kind, 'r') && self.allows(kind, 's'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_v2_and_v1_scopes() {
        let all = Granted::parse(&SCOPES);
        assert!(all.has_all());
        assert!(all.allows("QuestionnaireResponse", 's'));
        let before = Granted::parse(
            "launch/patient offline_access patient/Appointment.rs patient/Task.rs \
             patient/AppointmentResponse.c patient/QuestionnaireResponse.c patient/Task.u",
        );
        assert!(before.has_all_writes() && !before.has_all());
        assert!(all.allows("Task", 's') && !all.allows("Task", 'd'));
        assert!(!all.allows("Appointment", 'u'));

        let old = Granted::parse("launch/patient offline_access patient/Appointment.rs");
        assert_eq!(old.abilities(), Abilities::default());

        let v1 = Granted::parse("patient/*.read patient/Task.write patient/AppointmentResponse.*");
        let a = v1.abilities();
        assert!(a.rsvp && a.homework && !a.agree && !a.share_checks);

        let wild = Granted::parse("user/*.cruds");
        assert!(wild.has_all_writes());

        for odd in [
            "patient/Task",
            "patient/.u",
            "Task.u",
            "patient/Task.uX",
            "system/*.*",
        ] {
            assert!(!Granted::parse(odd).allows("Task", 'u'), "{odd}");
        }
    }
}
