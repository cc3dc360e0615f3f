//! The FHIR R4 resources the outbox writes, built from exactly what an
//! item holds. Each carries the item's id as its identifier.

use super::outbox::{OutboxItem, Payload, OUTBOX_SYSTEM};
use crate::safety::Instrument;
use serde_json::{json, Value};

const LOINC: &str = "http://loinc.org";

/// LOINC's codes for a questionnaire, its items in order, and its total.
struct Form {
    panel: &'static str,
    items: &'static [&'static str],
    total: &'static str,
}

fn form(instrument: Instrument) -> Form {
    match instrument {
        Instrument::Phq9 => Form {
            panel: "44249-1",
            items: &[
                "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5",
                "44253-3", "44260-8",
            ],
            total: "44261-6",
        },
        Instrument::Gad7 => Form {
            panel: "69737-5",
            items: &[
                "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
            ],
            total: "70274-6",
        },
    }
}

/// The PHQ answer list, 0 to 3.
const ANSWERS: [(&str, &str); 4] = [
    ("LA6568-5", "Not at all"),
    ("LA6569-3", "Several days"),
    ("LA6570-1", "More than half the days"),
    ("LA6571-9", "Nearly every day"),
];

fn identifier(item: &OutboxItem) -> Value {
    json!({"system": OUTBOX_SYSTEM, "value": item.id})
}

fn patient_ref(patient: &str) -> Value {
    json!({"reference": format!("Patient/{patient}")})
}

/// "I'll be there" / "I can't make it".
pub fn appointment_response(item: &OutboxItem, patient: &str) -> Option<Value> {
    let Payload::Rsvp {
        appointment,
        answer,
        note,
    } = &item.payload
    else {
        return None;
    };
    let mut response = json!({
        "resourceType": "AppointmentResponse",
        "identifier": [identifier(item)],
        "appointment": {"reference": format!("Appointment/{appointment}")},
        "actor": patient_ref(patient),
        "participantStatus": answer.as_str(),
    });
    if let Some(note) = note {
        response["comment"] = json!(note);
    }
    Some(response)
}

/// Agreement to a group's orientation, as the answer to its Questionnaire.
pub fn agreement(item: &OutboxItem, patient: &str) -> Option<Value> {
    let Payload::Agreement {
        canonical,
        item: link_id,
        ..
    } = &item.payload
    else {
        return None;
    };
    Some(json!({
        "resourceType": "QuestionnaireResponse",
        "identifier": identifier(item),
        "questionnaire": canonical,
        "status": "completed",
        "subject": patient_ref(patient),
        "authored": item.created_at,
        "author": patient_ref(patient),
        "item": [{"linkId": link_id, "answer": [{"valueBoolean": true}]}],
    }))
}

/// A shared PHQ-9 or GAD-7: each answer as LOINC codes it, and the total.
pub fn self_check(item: &OutboxItem, patient: &str) -> Option<Value> {
    let Payload::SelfCheck {
        instrument,
        answers,
        total,
        taken,
        ..
    } = &item.payload
    else {
        return None;
    };
    let form = form(*instrument);
    if answers.len() != form.items.len() {
        return None;
    }
    let mut items = Vec::with_capacity(answers.len() + 1);
    for (link_id, answer) in form.items.iter().zip(answers) {
        let (code, display) = ANSWERS.get(usize::from(*answer))?;
        items.push(json!({"linkId": link_id, "answer": [{"valueCoding":
            {"system": LOINC, "code": code, "display": display}}]}));
    }
    items.push(json!({"linkId": form.total, "answer": [{"valueInteger": total}]}));
    Some(json!({
        "resourceType": "QuestionnaireResponse",
        "identifier": identifier(item),
        "questionnaire": format!("{LOINC}/q/{}", form.panel),
        "status": "completed",
        "subject": patient_ref(patient),
        "authored": taken,
        "author": patient_ref(patient),
        "source": patient_ref(patient),
        "item": items,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinic::outbox::OutboxState;

    fn item(payload: Payload) -> OutboxItem {
        OutboxItem {
            id: "9b1c".into(),
            payload,
            state: OutboxState::Waiting,
            tries: 0,
            reason: None,
            created_at: "2026-12-03T10:00:00Z".into(),
            sent_at: None,
        }
    }

    #[test]
    fn a_shared_phq9_is_its_loinc_answers_and_total() {
        let check = item(Payload::SelfCheck {
            check: "c1".into(),
            instrument: Instrument::Phq9,
            answers: vec![0, 1, 2, 3, 0, 1, 2, 3, 0],
            difficulty: Some(1),
            total: 12,
            taken: "2026-12-01T15:00:00Z".into(),
        });
        let sent = self_check(&check, "p1").unwrap();
        assert_eq!(sent["questionnaire"], "http://loinc.org/q/44249-1");
        assert_eq!(sent["identifier"]["value"], "9b1c");
        let items = sent["item"].as_array().unwrap();
        assert_eq!(items.len(), 10);
        assert_eq!(items[0]["linkId"], "44250-9");
        assert_eq!(items[3]["answer"][0]["valueCoding"]["code"], "LA6571-9");
        assert_eq!(items[9]["linkId"], "44261-6");
        assert_eq!(items[9]["answer"][0]["valueInteger"], 12);
        // Nothing about the member but the reference to their record.
        assert!(!sent.to_string().contains("c1"));
    }

    #[test]
    fn a_reply_names_the_session_and_the_member() {
        let reply = item(Payload::Rsvp {
            appointment: "a7".into(),
            answer: super::super::outbox::Reply::Declined,
            note: None,
        });
        let sent = appointment_response(&reply, "p1").unwrap();
        assert_eq!(sent["appointment"]["reference"], "Appointment/a7");
        assert_eq!(sent["actor"]["reference"], "Patient/p1");
        assert_eq!(sent["participantStatus"], "declined");
        assert!(sent.get("comment").is_none());
        assert!(agreement(&reply, "p1").is_none());
    }

    #[test]
    fn a_note_with_a_reply_is_its_comment() {
        let reply = item(Payload::Rsvp {
            appointment: "a7".into(),
            answer: super::super::outbox::Reply::Declined,
            note: Some("Working late; I'll read the notes.".into()),
        });
        let sent = appointment_response(&reply, "p1").unwrap();
        assert_eq!(sent["comment"], "Working late; I'll read the notes.");
    }
}
