//! The few FHIR R4 shapes sync reads. Only what the app uses is typed; the
//! whole resource is kept as the server sent it (see `sessions.resource`).

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub struct Bundle {
    #[serde(default)]
    pub entry: Vec<BundleEntry>,
    #[serde(default)]
    pub link: Vec<BundleLink>,
}

#[derive(Debug, Deserialize)]
pub struct BundleEntry {
    pub resource: Option<Value>,
}

#[derive(Debug, Deserialize)]
pub struct BundleLink {
    pub relation: String,
    pub url: String,
}

impl Bundle {
    pub fn next(&self) -> Option<&str> {
        self.link
            .iter()
            .find(|l| l.relation == "next")
            .map(|l| l.url.as_str())
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    pub id: String,
    #[serde(default)]
    pub meta: ResourceMeta,
    pub status: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceMeta {
    pub version_id: Option<String>,
    pub last_updated: Option<String>,
}

impl Appointment {
    /// Whether a search entry is an Appointment at all (a server may add an
    /// OperationOutcome, say).
    pub fn is_one(resource: &Value) -> bool {
        resource.get("resourceType").and_then(Value::as_str) == Some("Appointment")
    }

    /// The Appointment in a search entry; None for another resource type or
    /// one that does not have the shape sync needs.
    pub fn from_entry(resource: &Value) -> Option<Self> {
        if !Self::is_one(resource) {
            return None;
        }
        serde_json::from_value(resource.clone()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_searchset_and_its_next_link() {
        let bundle: Bundle = serde_json::from_value(serde_json::json!({
            "resourceType": "Bundle", "type": "searchset",
            "link": [{"relation": "self", "url": "https://c/x"}, {"relation": "next", "url": "https://c/y"}],
            "entry": [
                {"resource": {"resourceType": "Appointment", "id": "a1", "status": "booked",
                    "meta": {"versionId": "v1", "lastUpdated": "2026-11-01T00:00:00Z"},
                    "start": "2026-11-24T18:00:00-05:00", "description": "week 1",
                    "extension": [{"url": "https://clinic.example/x", "valueUrl": "https://v"}]}},
                {"resource": {"resourceType": "OperationOutcome", "issue": []}}
            ]
        }))
        .unwrap();
        assert_eq!(bundle.next(), Some("https://c/y"));
        let found: Vec<_> = bundle
            .entry
            .iter()
            .filter_map(|e| Appointment::from_entry(e.resource.as_ref()?))
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].meta.version_id.as_deref(), Some("v1"));
        assert_eq!(found[0].start.as_deref(), Some("2026-11-24T18:00:00-05:00"));
    }
}
