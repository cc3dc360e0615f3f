//! The clinic's own name and phone number, for "Need help now": the
//! member's Patient with its managing Organization included, in one plain
//! FHIR R4 search; a server that does not do `_include` is asked for the
//! Organization by `_id` in the sync's next round. FHIR R4's Organization has no opening hours, so those
//! stay what the member typed.

use super::fhir::Bundle;
use super::reads::{Reads, Search};
use super::{LedgerAction, Result};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClinicContact {
    pub name: String,
    pub phone: String,
}

pub fn patient_search(reads: &Reads<'_>) -> Result<Search> {
    reads.search(
        LedgerAction::ReadClinic,
        "Patient",
        &[
            ("_id", &reads.signed_in.patient),
            ("_include", "Patient:organization"),
        ],
    )
}

/// What the member's Patient says of their clinic: its contact when the
/// Organization came along, else the search that reads it.
pub enum Found {
    Contact(Option<ClinicContact>),
    Read(Search),
}

pub fn take_patient(reads: &Reads<'_>, bundle: &Bundle) -> Result<Found> {
    let Some(id) = organization_id(bundle) else {
        return Ok(Found::Contact(None));
    };
    if let Some(organization) = resources(bundle).find(|r| is_organization(r, id)) {
        return Ok(Found::Contact(contact_of(organization)));
    }
    reads
        .search(LedgerAction::ReadClinic, "Organization", &[("_id", id)])
        .map(Found::Read)
}

pub fn take_organization(bundle: &Bundle) -> Option<ClinicContact> {
    resources(bundle)
        .find(|r| r["resourceType"] == "Organization")
        .and_then(contact_of)
}

fn resources(bundle: &Bundle) -> impl Iterator<Item = &Value> {
    bundle.entry.iter().filter_map(|e| e.resource.as_ref())
}

fn is_organization(resource: &Value, id: &str) -> bool {
    resource["resourceType"] == "Organization" && resource["id"] == id
}

/// The id of the Organization the member's Patient names, when it is a
/// plain FHIR id (so it can only ever name that one resource).
fn organization_id(bundle: &Bundle) -> Option<&str> {
    let reference = resources(bundle)
        .find(|r| r["resourceType"] == "Patient")?
        .pointer("/managingOrganization/reference")?
        .as_str()?;
    let id = reference.strip_prefix("Organization/")?;
    let plain = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    plain.then_some(id)
}

/// Its name and first phone that is not someone's home number.
fn contact_of(organization: &Value) -> Option<ClinicContact> {
    if organization["resourceType"] != "Organization" {
        return None;
    }
    let phone = organization["telecom"]
        .as_array()?
        .iter()
        .find(|t| t["system"] == "phone" && t["use"] != "home")?["value"]
        .as_str()?;
    Some(ClinicContact {
        name: organization["name"].as_str().unwrap_or_default().to_owned(),
        phone: phone.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bundle(entries: Value) -> Bundle {
        serde_json::from_value(json!({ "entry": entries })).unwrap()
    }

    fn included(b: &Bundle) -> Option<ClinicContact> {
        let id = organization_id(b)?;
        resources(b)
            .find(|r| is_organization(r, id))
            .and_then(contact_of)
    }

    #[test]
    fn reads_the_included_organization_of_the_member() {
        let b = bundle(json!([
            {"resource": {"resourceType": "Patient", "id": "p1",
                "managingOrganization": {"reference": "Organization/o1"}}},
            {"resource": {"resourceType": "Organization", "id": "o2", "name": "Other",
                "telecom": [{"system": "phone", "value": "1"}]}},
            {"resource": {"resourceType": "Organization", "id": "o1",
                "name": "Harmony United Psychiatric Care",
                "telecom": [{"system": "email", "value": "a@b"},
                    {"system": "phone", "use": "home", "value": "2"},
                    {"system": "phone", "use": "work", "value": "(800) 457-4573"}]}}
        ]));
        assert_eq!(
            included(&b),
            Some(ClinicContact {
                name: "Harmony United Psychiatric Care".into(),
                phone: "(800) 457-4573".into()
            })
        );
    }

    #[test]
    fn without_the_include_the_id_is_still_known_and_only_a_plain_one() {
        let patient_only = bundle(json!([
            {"resource": {"resourceType": "Patient", "id": "p1",
                "managingOrganization": {"reference": "Organization/o1"}}}
        ]));
        assert_eq!(organization_id(&patient_only), Some("o1"));
        assert_eq!(included(&patient_only), None);
        assert_eq!(organization_id(&bundle(json!([]))), None);
        let crafted = bundle(json!([
            {"resource": {"resourceType": "Patient", "id": "p1",
                "managingOrganization": {"reference": "Organization/../Patient?x=1"}}}
        ]));
        assert_eq!(organization_id(&crafted), None);
    }

    mod fuzz {
        use super::*;
        use crate::clinic::fuzz::{config, drawn, Drawn};
        use proptest::prelude::*;

        const PATIENT: &[&str] = &[
            "/id#id",
            "/managingOrganization/reference#w:Organization/o1|Organization/o2|Organization/|Organization/../Patient?x=1|Organization/o1/_history/2",
        ];
        const ORGANIZATION: &[&str] = &[
            "/id#w:o1|o2",
            "/name",
            "/telecom/0/system#w:phone|email|fax",
            "/telecom/0/use#w:work|home|mobile",
            "/telecom/0/value",
            "/telecom/1/system#w:phone|email",
            "/telecom/1/use#w:work|home",
            "/telecom/1/value",
        ];

        /// A search's page of the member's Patient and Organizations.
        fn pages() -> Drawn<Value> {
            drawn(|d| {
                d.bundle(&|d| {
                    if d.chance(50) {
                        d.shaped(&["Patient"], PATIENT)
                    } else {
                        d.shaped(&["Organization"], ORGANIZATION)
                    }
                })
            })
        }

        proptest! {
            #![proptest_config(config())]

            /// The member's Patient and their clinic's Organization: the id
            /// searched for is a plain FHIR id, the phone one the clinic
            /// lists as a phone and not as someone's home.
            #[test]
            fn a_patient_and_its_organization(page in pages()) {
                let Ok(b) = serde_json::from_value::<Bundle>(page) else {
                    return Ok(());
                };
                if let Some(id) = organization_id(&b) {
                    prop_assert!((1..=64).contains(&id.len()), "{}", id);
                    prop_assert!(id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.'), "{}", id);
                    let _ = included(&b);
                }
                let _ = take_organization(&b);
                for resource in resources(&b) {
                    let Some(contact) = contact_of(resource) else {
                        continue;
                    };
                    prop_assert_eq!(&resource["resourceType"], "Organization");
                    let listed = resource["telecom"].as_array().is_some_and(|t| t.iter().any(|t| {
                        t["system"] == "phone" && t["use"] != "home" && t["value"] == contact.phone.as_str()
                    }));
                    prop_assert!(listed, "{:?}", contact);
                }
            }
        }
    }
}
