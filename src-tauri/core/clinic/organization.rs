//! The clinic's own name, phone number and country, for "Need help now": the
//! member's Patient with its managing Organization included, in one plain
//! FHIR R4 search; a server that does not do `_include` is asked for the
//! Organization by `_id` in the sync's next round. FHIR R4's Organization has no opening hours, so those
//! stay what the member typed. The country of the clinic's address is whose
//! crisis lines the panel lists until the member chooses: a member's desktop
//! language says nothing about where they are.

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
    pub phone: Option<String>,
    /// ISO 3166-1 alpha-2, from the Organization's address.
    pub country: Option<String>,
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

/// Its name, first phone that is not someone's home number, and the
/// country of its first address that names one; `None` when it has neither.
fn contact_of(organization: &Value) -> Option<ClinicContact> {
    if organization["resourceType"] != "Organization" {
        return None;
    }
    let phone = organization["telecom"]
        .as_array()
        .and_then(|t| {
            t.iter()
                .find(|t| t["system"] == "phone" && t["use"] != "home")
        })
        .and_then(|t| t["value"].as_str());
    let country = organization["address"]
        .as_array()
        .and_then(|a| a.iter().find_map(|a| country_code(a["country"].as_str()?)));
    if phone.is_none() && country.is_none() {
        return None;
    }
    Some(ClinicContact {
        name: organization["name"].as_str().unwrap_or_default().to_owned(),
        phone: phone.map(str::to_owned),
        country,
    })
}

/// FHIR's `Address.country` is free text ("ISO 3166 2 or 3 letter codes can
/// be used in place of a human readable country name"): the alpha-2 code,
/// or the alpha-3 code or name of a country the panel lists.
fn country_code(text: &str) -> Option<String> {
    let text = text.trim();
    let folded: String = text
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect();
    const NAMES: &[(&str, &[&str])] = &[
        (
            "US",
            &[
                "usa",
                "us",
                "united states",
                "united states of america",
                "estados unidos",
                "eeuu",
                "eua",
            ],
        ),
        ("CA", &["can", "canada"]),
        (
            "GB",
            &[
                "gbr",
                "uk",
                "united kingdom",
                "great britain",
                "reino unido",
            ],
        ),
        ("IE", &["irl", "ireland", "irlanda"]),
        ("AU", &["aus", "australia"]),
        ("NZ", &["nzl", "new zealand", "nueva zelanda"]),
        ("ES", &["esp", "spain", "espana"]),
        ("MX", &["mex", "mexico"]),
    ];
    if let Some((code, _)) = NAMES.iter().find(|(_, n)| n.contains(&folded.as_str())) {
        return Some((*code).to_owned());
    }
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| text.to_ascii_uppercase())
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
                    {"system": "phone", "use": "work", "value": "(800) 457-4573"}],
                "address": [{"city": "Tampa"}, {"state": "FL", "country": "USA"}]}}
        ]));
        assert_eq!(
            included(&b),
            Some(ClinicContact {
                name: "Harmony United Psychiatric Care".into(),
                phone: Some("(800) 457-4573".into()),
                country: Some("US".into()),
            })
        );
    }

    #[test]
    fn the_country_is_read_from_a_code_or_a_name() {
        for (text, want) in [
            ("US", Some("US")),
            ("us", Some("US")),
            ("USA", Some("US")),
            ("United States of America", Some("US")),
            ("U.S.A.", Some("US")),
            ("México", Some("MX")),
            ("MEX", Some("MX")),
            ("España", Some("ES")),
            (" United Kingdom ", Some("GB")),
            ("UK", Some("GB")),
            ("FR", Some("FR")),
            ("Atlantis", None),
            ("", None),
            ("U", None),
        ] {
            assert_eq!(country_code(text).as_deref(), want, "{text}");
        }
        let no_phone = json!({"resourceType": "Organization", "name": "C",
            "address": [{"country": "Mexico"}]});
        assert_eq!(
            contact_of(&no_phone),
            Some(ClinicContact {
                name: "C".into(),
                phone: None,
                country: Some("MX".into())
            })
        );
        let nothing = json!({"resourceType": "Organization", "name": "C"});
        assert_eq!(contact_of(&nothing), None);
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
            "/address/0/country#w:US|usa|México|Atlantis|x",
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
                    if let Some(phone) = &contact.phone {
                        let listed = resource["telecom"].as_array().is_some_and(|t| t.iter().any(|t| {
                            t["system"] == "phone" && t["use"] != "home" && t["value"] == phone.as_str()
                        }));
                        prop_assert!(listed, "{:?}", contact);
                    }
                    if let Some(country) = &contact.country {
                        prop_assert!(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()), "{}", country);
                    }
                }
            }
        }
    }
}
