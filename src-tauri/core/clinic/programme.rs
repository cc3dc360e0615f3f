//! The member's programme: the groups they are enrolled in (EpisodeOfCare →
//! its CareTeam → the Group it is for, the team's facilitators), the open
//! groups they may join (`Group?actual=false`), and each group's
//! orientation (a Questionnaire whose `useContext` names the group as its
//! `program`). Read with plain FHIR R4 searches; the CareTeams and
//! Practitioners are read by `_id` in a later round.
//!
//! A strict server may refuse what lies outside the member's own records
//! (the Group, its team, Practitioners, Questionnaires). Then the programme
//! is what the member's EpisodeOfCare says: its type as the name, its care
//! manager as the facilitator (the reference's `display` when the
//! Practitioner cannot be read), marked `partial`.
//!
//! A Group describes the programme only. Its members are never asked for,
//! kept or shown, even if a server sends them: only the typed fields below
//! are stored.

use super::fhir::Bundle;
use super::reads::{Reads, Search};
use super::unshared::{ClinicPart, Sharing};
use super::{LedgerAction, Result};
use crate::store::Database;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// The usage-context code that ties a Questionnaire to a programme.
const PROGRAM: &str = "program";
const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";
const MAX_PAGES: usize = 20;
/// A Group's elements a programme needs (`member` is not among them).
const GROUP_ELEMENTS: &str = "id,active,actual,type,name,characteristic,managingEntity";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Programme {
    /// The Group's id at the clinic.
    pub group: String,
    pub name: String,
    pub theme: Option<String>,
    /// Open to new members (else a closed group that runs start to end).
    pub open: bool,
    pub weeks: Option<u32>,
    pub enrolled: bool,
    /// The member's enrolment, when enrolled.
    pub enrolment: Option<Enrolment>,
    /// When an open group starts, if the clinic says.
    pub starts: Option<String>,
    pub facilitators: Vec<Facilitator>,
    /// For an enrolled group under way: which week it is (1-based).
    #[serde(default)]
    pub week: Option<u32>,
    #[serde(default)]
    pub orientation: Option<Orientation>,
    /// Only what the member's own records say: the clinic's server did not
    /// share the group's description (so open or closed, length, theme are
    /// not known).
    #[serde(default)]
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Enrolment {
    /// FHIR's EpisodeOfCare status: planned, active, finished, …
    pub status: String,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Facilitator {
    pub name: String,
    pub role: Option<String>,
}

/// A group's orientation and confidentiality agreement, in the member's
/// language when the clinic provides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Orientation {
    /// The Questionnaire's id at the clinic.
    pub questionnaire: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    /// The words the member agrees to.
    pub agree: String,
    /// The language it is shown in (the clinic's own when no translation).
    pub language: String,
    pub agreed: AgreementState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AgreementState {
    NotYet,
    /// Agreed here; waiting to be sent.
    Waiting,
    /// The clinic has it.
    Agreed,
    /// The clinic refused it (see the outbox for why).
    Refused,
}

/// The searches of the first round (in one batch with the other reads).
pub fn first_searches(reads: &Reads<'_>) -> Result<[Search; 4]> {
    let patient = format!("Patient/{}", reads.signed_in.patient);
    let action = LedgerAction::ReadProgramme;
    Ok([
        reads.search(
            action,
            "EpisodeOfCare",
            &[("patient", &patient), ("_count", "50")],
        )?,
        // Only what describes a programme: never the members of a group.
        reads.search(
            action,
            "Group",
            &[
                ("actual", "false"),
                ("_elements", GROUP_ELEMENTS),
                ("_count", "50"),
            ],
        )?,
        reads.search(
            action,
            "Questionnaire",
            &[
                ("context-type", PROGRAM),
                ("status", "active"),
                ("_count", "50"),
            ],
        )?,
        reads.search(
            action,
            "QuestionnaireResponse",
            &[("subject", &patient), ("_count", "100")],
        )?,
    ])
}

/// What one sync has read of the programme so far.
#[derive(Default)]
pub struct ProgrammeRead {
    episodes: Vec<Value>,
    teams: BTreeMap<String, Value>,
    groups: Vec<Value>,
    questionnaires: Vec<Value>,
    answered: BTreeSet<String>,
    practitioners: BTreeMap<String, Value>,
    /// The member's answers could not be read, so whether an orientation
    /// was agreed to is unknown: none is offered.
    answers_unknown: bool,
    /// A resource the programme rests on could not be read (no plain id,
    /// an enrolment without a status): what is held stays as it was.
    damaged: bool,
}

impl ProgrammeRead {
    /// Takes the first round's four answers. A refused search is read as
    /// empty (and noted in `sharing`); any other failure stops the
    /// programme's reading for this sync (what was held stays).
    pub async fn from_first(
        reads: &Reads<'_>,
        pages: [Result<Bundle>; 4],
        sharing: &mut Sharing,
    ) -> Result<Self> {
        let mut read = Self::default();
        let [episodes, groups, questionnaires, answers] = pages;
        let (group, orientation) = (ClinicPart::Group, ClinicPart::Orientation);
        if let Some(page) = sharing.take(group, episodes)? {
            for episode in of_type(all(reads, page).await?, "EpisodeOfCare") {
                read.take_episode(episode);
            }
        }
        if let Some(page) = sharing.take(group, groups)? {
            read.groups = of_type(all(reads, page).await?, "Group");
            read.damaged |= read.groups.iter().any(|g| !g["id"].is_string());
        }
        if let Some(page) = sharing.take(orientation, questionnaires)? {
            read.questionnaires = of_type(all(reads, page).await?, "Questionnaire");
        }
        let Some(page) = sharing.take(orientation, answers)? else {
            read.answers_unknown = true;
            return Ok(read);
        };
        for answer in of_type(all(reads, page).await?, "QuestionnaireResponse") {
            if answer["status"] == "completed" {
                if let Some(canonical) = answer["questionnaire"].as_str() {
                    read.answered.insert(canonical.to_owned());
                }
            }
        }
        Ok(read)
    }

    fn take_episode(&mut self, episode: Value) {
        self.damaged |= !episode["id"].is_string() || !episode["status"].is_string();
        self.episodes.push(episode);
    }

    fn take_team(&mut self, team: Value) {
        match team["id"].as_str() {
            Some(id) => {
                self.teams.insert(id.to_owned(), team);
            }
            None => self.damaged = true,
        }
    }

    /// The member's CareTeams not already included, by `_id`.
    pub fn teams_search(&self, reads: &Reads<'_>) -> Result<Option<Search>> {
        let missing: Vec<&str> = self
            .episodes
            .iter()
            .flat_map(|e| references(&e["team"], "CareTeam"))
            .filter(|id| !self.teams.contains_key(*id))
            .collect();
        ids_search(reads, "CareTeam", &missing, Some("CareTeam:participant"))
    }

    pub async fn take_teams(&mut self, reads: &Reads<'_>, page: Bundle) -> Result<()> {
        for resource in all(reads, page).await? {
            match resource["resourceType"].as_str() {
                Some("CareTeam") => self.take_team(resource),
                Some("Practitioner") => self.take_practitioner(resource),
                _ => {}
            }
        }
        Ok(())
    }

    fn take_practitioner(&mut self, practitioner: Value) {
        match practitioner["id"].as_str() {
            Some(id) => {
                self.practitioners.insert(id.to_owned(), practitioner);
            }
            None => self.damaged = true,
        }
    }

    /// The facilitators whose names are not known yet, by `_id`.
    pub fn practitioners_search(&self, reads: &Reads<'_>) -> Result<Option<Search>> {
        let from_teams = self.teams.values().flat_map(|t| {
            t["participant"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|p| references(&p["member"], "Practitioner"))
        });
        let from_groups = self
            .groups
            .iter()
            .filter(|g| g.pointer("/managingEntity/display").is_none())
            .flat_map(|g| references(&g["managingEntity"], "Practitioner"));
        let from_episodes = self
            .episodes
            .iter()
            .filter(|e| e.pointer("/careManager/display").is_none())
            .flat_map(|e| references(&e["careManager"], "Practitioner"));
        let missing: BTreeSet<&str> = from_teams
            .chain(from_groups)
            .chain(from_episodes)
            .filter(|id| !self.practitioners.contains_key(*id))
            .collect();
        let missing: Vec<&str> = missing.into_iter().collect();
        ids_search(reads, "Practitioner", &missing, None)
    }

    pub async fn take_practitioners(&mut self, reads: &Reads<'_>, page: Bundle) -> Result<()> {
        for practitioner in of_type(all(reads, page).await?, "Practitioner") {
            self.take_practitioner(practitioner);
        }
        Ok(())
    }

    /// The programmes as the member sees them, with each orientation's
    /// Questionnaire and whether the clinic already holds an agreement.
    fn programmes(&self) -> Vec<(Programme, Option<&Value>, bool)> {
        // By Group id, or the episode's own when no readable team names one.
        let mut enrolled: BTreeMap<String, (Enrolment, Vec<Facilitator>, &Value)> = BTreeMap::new();
        for episode in &self.episodes {
            let Some(status) = episode["status"].as_str() else {
                continue;
            };
            if matches!(status, "entered-in-error" | "cancelled") {
                continue;
            }
            let enrolment = Enrolment {
                status: status.to_owned(),
                start: text(&episode["period"]["start"]),
                end: text(&episode["period"]["end"]),
            };
            let mut found = false;
            for team_id in references(&episode["team"], "CareTeam") {
                let Some(team) = self.teams.get(team_id) else {
                    continue;
                };
                for group in references(&team["subject"], "Group") {
                    let mut facilitators = self.facilitators_of(team);
                    if facilitators.is_empty() {
                        facilitators.extend(self.care_manager(episode));
                    }
                    enrolled.insert(group.to_owned(), (enrolment.clone(), facilitators, episode));
                    found = true;
                }
            }
            if let (false, Some(id)) = (found, episode["id"].as_str()) {
                let facilitators = self.care_manager(episode).into_iter().collect();
                enrolled.insert(
                    format!("EpisodeOfCare/{id}"),
                    (enrolment, facilitators, episode),
                );
            }
        }
        let mut out = Vec::new();
        for group in &self.groups {
            let Some(id) = group["id"].as_str() else {
                continue;
            };
            let traits = Traits::of(group);
            let held = enrolled.get(id);
            // Only groups the member is in, or may still join, are theirs to see.
            if group["active"] == false || (held.is_none() && !traits.open) {
                continue;
            }
            let facilitators = match held {
                Some((_, team, _)) if !team.is_empty() => team.clone(),
                _ => self.managing(group).into_iter().collect(),
            };
            let orientation = held.and_then(|_| self.orientation_of(id));
            let agreed = orientation.is_some_and(|q| self.is_answered(q));
            out.push((
                Programme {
                    group: id.to_owned(),
                    name: group["name"].as_str().unwrap_or_default().to_owned(),
                    theme: traits.theme,
                    open: traits.open,
                    weeks: traits.weeks,
                    enrolled: held.is_some(),
                    enrolment: held.map(|(e, _, _)| e.clone()),
                    starts: traits.starts,
                    facilitators,
                    week: None,
                    orientation: None,
                    partial: false,
                },
                orientation,
                agreed,
            ));
        }
        // Enrolments whose Group was not shared: what the member's own
        // records say of them.
        let described: BTreeSet<&str> = self
            .groups
            .iter()
            .filter_map(|g| g["id"].as_str())
            .collect();
        for (id, (enrolment, facilitators, episode)) in &enrolled {
            if described.contains(id.as_str()) {
                continue;
            }
            let orientation = self.orientation_of(id);
            out.push((
                Programme {
                    group: id.clone(),
                    name: self.episode_name(episode).unwrap_or_default(),
                    theme: None,
                    open: false,
                    weeks: None,
                    enrolled: true,
                    enrolment: Some(enrolment.clone()),
                    starts: None,
                    facilitators: facilitators.clone(),
                    week: None,
                    orientation: None,
                    partial: true,
                },
                orientation,
                orientation.is_some_and(|q| self.is_answered(q)),
            ));
        }
        if self.answers_unknown {
            for (_, orientation, _) in &mut out {
                *orientation = None;
            }
        }
        out
    }

    /// An enrolment's name from the member's own records: the episode's
    /// type, else its team's name or the reference's display.
    fn episode_name(&self, episode: &Value) -> Option<String> {
        let of_type = episode["type"]
            .as_array()
            .and_then(|types| types.iter().find_map(concept_text));
        of_type.or_else(|| {
            let team = episode["team"].as_array()?.first()?;
            let read = references(team, "CareTeam")
                .next()
                .and_then(|id| self.teams.get(id))
                .and_then(|t| text(&t["name"]));
            read.or_else(|| text(&team["display"]))
        })
    }

    /// The episode's care manager, by name: the Practitioner's if read,
    /// else the reference's display.
    fn care_manager(&self, episode: &Value) -> Option<Facilitator> {
        let manager = &episode["careManager"];
        let read = references(manager, "Practitioner")
            .next()
            .and_then(|id| self.practitioners.get(id))
            .and_then(person_name);
        let name = read.or_else(|| text(&manager["display"]))?;
        Some(Facilitator { name, role: None })
    }

    fn facilitators_of(&self, team: &Value) -> Vec<Facilitator> {
        team["participant"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let id = references(&p["member"], "Practitioner").next();
                let name = id
                    .and_then(|id| self.practitioners.get(id))
                    .and_then(person_name)
                    .or_else(|| text(&p["member"]["display"]))?;
                let role = p["role"]
                    .as_array()
                    .and_then(|r| r.first())
                    .and_then(concept_text);
                Some(Facilitator { name, role })
            })
            .collect()
    }

    fn managing(&self, group: &Value) -> Option<Facilitator> {
        let entity = &group["managingEntity"];
        let name = text(&entity["display"]).or_else(|| {
            let id = references(entity, "Practitioner").next()?;
            person_name(self.practitioners.get(id)?)
        })?;
        Some(Facilitator { name, role: None })
    }

    fn orientation_of(&self, group: &str) -> Option<&Value> {
        let wanted = format!("Group/{group}");
        self.questionnaires.iter().find(|q| {
            q["useContext"].as_array().into_iter().flatten().any(|c| {
                c.pointer("/code/code").and_then(Value::as_str) == Some(PROGRAM)
                    && c.pointer("/valueReference/reference")
                        .and_then(Value::as_str)
                        == Some(wanted.as_str())
            })
        })
    }

    fn is_answered(&self, questionnaire: &Value) -> bool {
        let url = questionnaire["url"].as_str().unwrap_or_default();
        let version = questionnaire["version"].as_str();
        let id = questionnaire["id"].as_str().unwrap_or_default();
        self.answered.iter().any(|a| {
            (!url.is_empty() && (a == url || version.is_some_and(|v| *a == format!("{url}|{v}"))))
                || *a == format!("Questionnaire/{id}")
        })
    }

    /// Replaces what was held with what was read.
    pub async fn store(&self, db: &Database) -> Result<usize> {
        if self.damaged {
            return Err(super::ClinicError::Malformed);
        }
        let programmes = self.programmes();
        let mut tx = db.pool().begin().await?;
        sqlx::query("DELETE FROM programmes")
            .execute(&mut *tx)
            .await?;
        for (programme, orientation, agreed) in &programmes {
            let body =
                serde_json::to_string(programme).map_err(|_| super::ClinicError::Malformed)?;
            sqlx::query(
                "INSERT OR REPLACE INTO programmes (group_id, body, orientation, agreed) VALUES (?, ?, ?, ?)",
            )
            .bind(&programme.group)
            .bind(body)
            .bind(orientation.map(Value::to_string))
            .bind(agreed)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(programmes.len())
    }
}

/// A programme's traits, from the Group's characteristics (by code text:
/// theme, enrolment open/closed, length in weeks).
struct Traits {
    theme: Option<String>,
    open: bool,
    weeks: Option<u32>,
    starts: Option<String>,
}

impl Traits {
    fn of(group: &Value) -> Self {
        let mut traits = Traits {
            theme: None,
            open: false,
            weeks: None,
            starts: None,
        };
        for c in group["characteristic"].as_array().into_iter().flatten() {
            if c["exclude"] == true {
                continue;
            }
            let code = concept_text(&c["code"]).unwrap_or_default().to_lowercase();
            let value = concept_text(&c["valueCodeableConcept"]);
            match code.as_str() {
                "theme" => traits.theme = value,
                "enrolment" | "enrollment" => {
                    traits.open = value.is_some_and(|v| v.eq_ignore_ascii_case("open"));
                    traits.starts = text(&c["period"]["start"]);
                }
                "length" => {
                    let weeks = c.pointer("/valueQuantity/value").and_then(Value::as_f64);
                    traits.weeks = weeks
                        .filter(|w| w.fract() == 0.0 && (1.0..=520.0).contains(w))
                        .map(|w| w as u32);
                }
                _ => {}
            }
        }
        traits
    }
}

/// Every resource of a search, following its `next` links.
async fn all(reads: &Reads<'_>, first: Bundle) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    let mut page = first;
    for _ in 0..MAX_PAGES {
        reads.next_url(&page)?;
        out.extend(page.entry.iter().filter_map(|e| e.resource.clone()));
        match reads.next(LedgerAction::ReadProgramme, &page).await? {
            Some(next) => page = next,
            None => return Ok(out),
        }
    }
    Err(super::ClinicError::Malformed)
}

fn of_type(resources: Vec<Value>, kind: &str) -> Vec<Value> {
    resources
        .into_iter()
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

fn ids_search(
    reads: &Reads<'_>,
    kind: &str,
    ids: &[&str],
    include: Option<&str>,
) -> Result<Option<Search>> {
    if ids.is_empty() {
        return Ok(None);
    }
    let ids = ids.join(",");
    let mut query = vec![("_id", ids.as_str())];
    if let Some(include) = include {
        query.push(("_include", include));
    }
    reads
        .search(LedgerAction::ReadProgramme, kind, &query)
        .map(Some)
}

/// The ids a reference (or list of them) names of `kind`, when each is a
/// plain FHIR id.
fn references<'v>(value: &'v Value, kind: &str) -> impl Iterator<Item = &'v str> + 'v {
    let prefix = format!("{kind}/");
    let list: Vec<&'v Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![value],
        _ => Vec::new(),
    };
    list.into_iter().filter_map(move |r| {
        let id = r["reference"].as_str()?.strip_prefix(prefix.as_str())?;
        let plain = (1..=64).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        plain.then_some(id)
    })
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

fn concept_text(concept: &Value) -> Option<String> {
    text(&concept["text"]).or_else(|| {
        let coding = concept["coding"].as_array()?.first()?;
        text(&coding["display"]).or_else(|| text(&coding["code"]))
    })
}

fn person_name(person: &Value) -> Option<String> {
    let name = person["name"].as_array()?.first()?;
    text(&name["text"]).or_else(|| {
        let given = name["given"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        let parts: Vec<&str> = given.chain(name["family"].as_str()).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    })
}

/// The programmes held, for the member, in `language` where the clinic
/// translated the orientation, with the week a running group is in.
pub async fn held(db: &Database, language: &str, now: DateTime<Utc>) -> Result<Vec<Programme>> {
    let agreements = super::Outbox::new(db).agreements().await?;
    let rows: Vec<(String, Option<String>, bool)> =
        sqlx::query_as("SELECT body, orientation, agreed FROM programmes")
            .fetch_all(db.pool())
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (body, orientation, agreed) in rows {
        let Ok(mut programme) = serde_json::from_str::<Programme>(&body) else {
            continue;
        };
        programme.week = week_of(&programme, now);
        programme.orientation = orientation
            .and_then(|q| serde_json::from_str::<Value>(&q).ok())
            .and_then(|q| {
                let id = q["id"].as_str()?.to_owned();
                let state = match agreements.get(&id) {
                    Some(super::OutboxState::Waiting) => AgreementState::Waiting,
                    Some(super::OutboxState::Refused) => AgreementState::Refused,
                    Some(super::OutboxState::Sent) => AgreementState::Agreed,
                    _ if agreed => AgreementState::Agreed,
                    _ => AgreementState::NotYet,
                };
                orientation_in(&q, language, state)
            });
        out.push(programme);
    }
    out.sort_by(|a, b| b.enrolled.cmp(&a.enrolled).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// What agreeing to a programme's orientation sends.
pub async fn agreement_for(db: &Database, group: &str) -> Result<Option<super::Payload>> {
    let orientation: Option<Option<String>> =
        sqlx::query_scalar("SELECT orientation FROM programmes WHERE group_id = ?")
            .bind(group)
            .fetch_optional(db.pool())
            .await?;
    let Some(q) = orientation
        .flatten()
        .and_then(|q| serde_json::from_str::<Value>(&q).ok())
    else {
        return Ok(None);
    };
    let (Some(id), Some(item)) = (q["id"].as_str(), agree_item(&q)) else {
        return Ok(None);
    };
    let canonical = match (q["url"].as_str(), q["version"].as_str()) {
        (Some(url), Some(version)) => format!("{url}|{version}"),
        (Some(url), None) => url.to_owned(),
        _ => format!("Questionnaire/{id}"),
    };
    Ok(Some(super::Payload::Agreement {
        questionnaire: id.to_owned(),
        canonical,
        item: item["linkId"].as_str().unwrap_or_default().to_owned(),
    }))
}

pub async fn clear(db: &Database) -> Result<()> {
    sqlx::query("DELETE FROM programmes")
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The boolean item a member answers to agree.
fn agree_item(questionnaire: &Value) -> Option<&Value> {
    questionnaire["item"]
        .as_array()?
        .iter()
        .find(|i| i["type"] == "boolean" && i["linkId"].is_string())
}

fn orientation_in(q: &Value, language: &str, agreed: AgreementState) -> Option<Orientation> {
    let own = q["language"].as_str().unwrap_or("en");
    let translated = !own.starts_with(language) && localized(q, "title", language).is_some();
    let shown = if translated { language } else { own };
    let say = |holder: &Value, field: &str| {
        if translated {
            localized(holder, field, language).or_else(|| text(&holder[field]))
        } else {
            text(&holder[field])
        }
    };
    let items = q["item"].as_array()?;
    let paragraphs = items
        .iter()
        .filter(|i| i["type"] == "display")
        .filter_map(|i| say(i, "text"))
        .collect();
    let agree = say(agree_item(q)?, "text")?;
    Some(Orientation {
        questionnaire: text(&q["id"])?,
        title: say(q, "title").unwrap_or_default(),
        paragraphs,
        agree,
        language: shown.to_owned(),
        agreed,
    })
}

/// A primitive's translation into `language` (FHIR's translation extension).
fn localized(holder: &Value, field: &str, language: &str) -> Option<String> {
    holder[format!("_{field}")]["extension"]
        .as_array()?
        .iter()
        .filter(|e| e["url"] == TRANSLATION)
        .find_map(|e| {
            let parts = e["extension"].as_array()?;
            let lang = parts.iter().find(|p| p["url"] == "lang")?["valueCode"].as_str()?;
            if !lang.starts_with(language) {
                return None;
            }
            text(&parts.iter().find(|p| p["url"] == "content")?["valueString"])
        })
}

/// Week N of a closed group under way: counted from the enrolment's start.
fn week_of(programme: &Programme, now: DateTime<Utc>) -> Option<u32> {
    let start = programme.enrolment.as_ref()?.start.as_deref()?;
    let start = DateTime::parse_from_rfc3339(start).ok()?.to_utc();
    if now < start {
        return None;
    }
    let week = u32::try_from((now - start).num_days() / 7).ok()? + 1;
    let weeks = programme.weeks.unwrap_or(u32::MAX);
    let end = programme.enrolment.as_ref()?.end.as_deref();
    let ended = end
        .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
        .is_some_and(|e| now > e.to_utc() + Duration::hours(1));
    (!ended).then_some(week.min(weeks))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn group(id: &str, enrolment: &str) -> Value {
        json!({"resourceType": "Group", "id": id, "active": true, "actual": false,
            "type": "person", "name": format!("Group {id}"),
            "member": [{"entity": {"reference": "Patient/someone-else"}}],
            "characteristic": [
                {"code": {"text": "theme"}, "valueCodeableConcept": {"text": "anxiety"}, "exclude": false},
                {"code": {"text": "enrolment"}, "valueCodeableConcept": {"text": enrolment}, "exclude": false},
                {"code": {"text": "length"}, "valueQuantity": {"value": 8}, "exclude": false}]})
    }

    #[test]
    fn the_members_groups_and_open_groups_but_never_other_members() {
        let mut read = ProgrammeRead {
            episodes: vec![json!({"resourceType": "EpisodeOfCare", "status": "active",
                "period": {"start": "2026-11-17T23:00:00Z", "end": "2027-01-05T00:30:00Z"},
                "team": [{"reference": "CareTeam/t1"}]})],
            groups: vec![
                group("g1", "closed"),
                group("g2", "open"),
                group("g3", "closed"),
            ],
            ..Default::default()
        };
        read.take_team(json!({"resourceType": "CareTeam", "id": "t1",
            "subject": {"reference": "Group/g1"},
            "participant": [{"role": [{"text": "Facilitator"}], "member": {"reference": "Practitioner/p1"}}]}));
        read.take_practitioner(json!({"resourceType": "Practitioner", "id": "p1",
            "name": [{"given": ["Sam"], "family": "Rivera"}]}));
        let found = read.programmes();
        let names: Vec<(&str, bool)> = found
            .iter()
            .map(|(p, _, _)| (p.group.as_str(), p.enrolled))
            .collect();
        assert_eq!(names, [("g1", true), ("g2", false)]);
        let (mine, _, _) = &found[0];
        assert_eq!(mine.weeks, Some(8));
        assert_eq!(
            mine.facilitators,
            [Facilitator {
                name: "Sam Rivera".into(),
                role: Some("Facilitator".into())
            }]
        );
        let stored = serde_json::to_string(&found).unwrap_or_default();
        assert!(!stored.contains("someone-else"));

        let now = DateTime::parse_from_rfc3339("2026-12-02T12:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(week_of(mine, now), Some(3));
    }

    #[test]
    fn an_orientation_reads_in_the_members_language() {
        let es = |t: &str| {
            json!({"extension": [{"url": TRANSLATION, "extension": [
            {"url": "lang", "valueCode": "es"}, {"url": "content", "valueString": t}]}]})
        };
        let q = json!({"resourceType": "Questionnaire", "id": "q1", "language": "en",
            "title": "Orientation", "_title": es("Orientación"),
            "item": [
                {"linkId": "w", "type": "display", "text": "Welcome", "_text": es("Bienvenida")},
                {"linkId": "agree", "type": "boolean", "text": "I agree", "_text": es("Estoy de acuerdo")}]});
        let shown = orientation_in(&q, "es", AgreementState::NotYet).unwrap();
        assert_eq!(
            (
                shown.title.as_str(),
                shown.agree.as_str(),
                shown.language.as_str()
            ),
            ("Orientación", "Estoy de acuerdo", "es")
        );
        assert_eq!(shown.paragraphs, ["Bienvenida"]);
        let en = orientation_in(&q, "en", AgreementState::NotYet).unwrap();
        assert_eq!(
            (en.title.as_str(), en.language.as_str()),
            ("Orientation", "en")
        );
        let untranslated = json!({"resourceType": "Questionnaire", "id": "q2", "title": "O",
            "item": [{"linkId": "a", "type": "boolean", "text": "Yes"}]});
        assert_eq!(
            orientation_in(&untranslated, "es", AgreementState::NotYet)
                .unwrap()
                .language,
            "en"
        );
    }

    mod fuzz {
        use super::group as group_json;
        use super::*;
        use crate::clinic::fuzz::{config, json as any_json, put, shaped, word, Drawn};
        use proptest::prelude::*;
        use proptest::sample::select;

        /// A member of a group, never to be kept.
        const CANARY: &str = "member-canary-7731";

        fn episode() -> Drawn<Value> {
            shaped(
                &["EpisodeOfCare"],
                &[
                    "/status#w:active|active|planned|finished|cancelled|entered-in-error|",
                    "/period/start#w:2026-11-17T23:00:00Z|2026-11-17|9999-12-31T23:59:59-23:59",
                    "/period/end#w:2027-01-05T00:30:00Z|2026-11-01T00:00:00Z",
                    "/team/0/reference#w:CareTeam/t1|CareTeam/t1|CareTeam/t1|CareTeam/t2|CareTeam/|Group/g1",
                    "/team/1/reference#w:CareTeam/t2|CareTeam/t1/_history/1",
                ],
            )
        }

        fn team() -> Drawn<Value> {
            shaped(
                &["CareTeam"],
                &[
                    "/id#w:t1|t1|t1|t2|",
                    "/subject/reference#w:Group/g1|Group/g1|Group/g1|Group/g2|Group/|Practitioner/p1",
                    "/participant/0/member/reference#w:Practitioner/p1|Practitioner/p2|Practitioner/|Patient/p1",
                    "/participant/0/member/display",
                    "/participant/0/role/0/text",
                    "/participant/0/role/0/coding/0/display",
                    "/participant/1/member/reference#w:Practitioner/p2|Practitioner/p1",
                    "/participant/1/member/display",
                    "/participant/1/role",
                ],
            )
        }

        fn group() -> BoxedStrategy<Value> {
            shaped(
                &["Group"],
                &[
                    "/id#w:g1|g1|g1|g2|",
                    "/active#b",
                    "/name",
                    "/managingEntity/reference#w:Practitioner/p1|Practitioner/p2|Organization/o1",
                    "/managingEntity/display",
                    "/characteristic/0/code/text#w:enrolment|enrollment|Enrolment|theme",
                    "/characteristic/0/valueCodeableConcept/text#w:open|open|OPEN|closed",
                    "/characteristic/0/exclude#b",
                    "/characteristic/0/period/start",
                    "/characteristic/1/code/coding/0/code#w:theme|length",
                    "/characteristic/1/valueCodeableConcept/coding/0/display#w:anxiety|grief",
                    "/characteristic/1/valueQuantity/value#n",
                    "/characteristic/2/code/text#w:length|Length|theme",
                    "/characteristic/2/valueQuantity/value#n",
                ],
            )
            .prop_map(|mut g| {
                if g.is_object() {
                    put(
                        &mut g,
                        "/member/0/entity/reference",
                        json!(format!("Patient/{CANARY}")),
                    );
                    put(&mut g, "/member/0/entity/display", json!(CANARY));
                }
                g
            })
            .boxed()
        }

        const QUESTIONNAIRE: &[&str] = &[
            "/id#w:q1|q1|q2",
            "/url#w:https://clinic.example/q|https://clinic.example/r",
            "/version#w:1|2",
            "/language#w:en|es|es-MX|",
            "/title",
            "/useContext/0/code/code#w:program|program|program|focus",
            "/useContext/0/valueReference/reference#w:Group/g1|Group/g1|Group/g1|Group/g2|Group/",
            "/_title/extension/0/url#w:http://hl7.org/fhir/StructureDefinition/translation",
            "/_title/extension/0/extension/0/url#w:lang|lang|lang|content",
            "/_title/extension/0/extension/0/valueCode#w:es|es|es-MX|en|fr|",
            "/_title/extension/0/extension/1/url#w:content|content|content|lang",
            "/_title/extension/0/extension/1/valueString",
            "/item/0/type#w:display|display|boolean|group",
            "/item/0/linkId",
            "/item/0/text",
            "/item/0/_text/extension/0/url#w:http://hl7.org/fhir/StructureDefinition/translation",
            "/item/0/_text/extension/0/extension/0/url#w:lang",
            "/item/0/_text/extension/0/extension/0/valueCode#w:es|es-MX|en|fr|",
            "/item/0/_text/extension/0/extension/1/url#w:content",
            "/item/0/_text/extension/0/extension/1/valueString",
            "/item/1/type#w:boolean|boolean|display|string",
            "/item/1/linkId",
            "/item/1/text",
            "/item/1/_text/extension/0/url#w:http://hl7.org/fhir/StructureDefinition/translation",
            "/item/1/_text/extension/0/extension/0/url#w:lang",
            "/item/1/_text/extension/0/extension/0/valueCode#w:es|es-MX|en",
            "/item/1/_text/extension/0/extension/1/url#w:content",
            "/item/1/_text/extension/0/extension/1/valueString",
        ];

        fn questionnaire() -> Drawn<Value> {
            shaped(&["Questionnaire"], QUESTIONNAIRE)
        }

        fn practitioner() -> Drawn<Value> {
            shaped(
                &["Practitioner"],
                &[
                    "/id#w:p1|p1|p2|",
                    "/name/0/text",
                    "/name/0/given/0",
                    "/name/0/given/1",
                    "/name/0/family",
                ],
            )
        }

        fn language() -> impl Strategy<Value = String> {
            prop_oneof![
                4 => select(&["en", "es", "es", "es-MX", "", "e"][..]).prop_map(str::to_owned),
                1 => word(),
            ]
        }

        /// Found while fuzzing `programmes`, which lists a Group once per
        /// copy in the answer: a search whose pages overlap (or a server
        /// that repeats itself) sends the same Group twice, and `store`
        /// then broke on the table's key, failing the whole sync with a
        /// database error.
        #[tokio::test]
        async fn a_group_sent_twice_is_one_programme() {
            let (_dir, db) = crate::store::scratch_database().await;
            let read = ProgrammeRead {
                groups: vec![group_json("g1", "open"), group_json("g1", "open")],
                ..Default::default()
            };
            assert_eq!(read.programmes().len(), 2);
            read.store(&db).await.expect("stored");
            let held = held(&db, "en", Utc::now()).await.unwrap();
            assert_eq!(held.len(), 1, "{held:?}");
            assert_eq!(held[0].group, "g1");
            db.close().await;
        }

        /// An EpisodeOfCare whose `status` is not a string (here an
        /// object) is no enrolment at all.
        #[test]
        fn an_unreadable_enrolment_status_is_not_kept_as_empty() {
            let mut read = ProgrammeRead {
                episodes: vec![json!({"resourceType": "EpisodeOfCare",
                    "status": {"value": "active"}, "team": [{"reference": "CareTeam/t1"}]})],
                groups: vec![group_json("g1", "closed")],
                ..Default::default()
            };
            read.take_team(json!({"resourceType": "CareTeam", "id": "t1",
                "subject": {"reference": "Group/g1"}}));
            for (programme, _, _) in read.programmes() {
                if let Some(enrolment) = &programme.enrolment {
                    assert!(!enrolment.status.is_empty(), "{programme:?}");
                }
            }
        }

        fn is_plain(id: &str) -> bool {
            (1..=64).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        }

        proptest! {
            #![proptest_config(config())]

            /// A programme read of any shape: only the member's groups and
            /// the open ones, never a group's members, a length only in
            /// whole weeks, every id it names a plain one.
            #[test]
            fn a_programme_of_any_shape(
                episodes in proptest::collection::vec(episode(), 1..3),
                teams in proptest::collection::vec(team(), 1..3),
                groups in proptest::collection::vec(group(), 1..4),
                questionnaires in proptest::collection::vec(questionnaire(), 1..3),
                answered in proptest::collection::btree_set(prop_oneof![
                    select(&["Questionnaire/q1", "https://clinic.example/q|1", "https://clinic.example/q"][..]).prop_map(str::to_owned),
                    word(),
                ], 0..3),
                practitioners in proptest::collection::vec(practitioner(), 0..3),
                other in any_json(),
            ) {
                for kind in ["Group", "CareTeam", "Practitioner"] {
                    for id in references(&other, kind) {
                        prop_assert!(is_plain(id), "{}", id);
                    }
                }
                let mut read = ProgrammeRead {
                    episodes,
                    groups: groups.clone(),
                    questionnaires,
                    answered,
                    ..Default::default()
                };
                for team in teams {
                    read.take_team(team);
                }
                for practitioner in practitioners {
                    read.take_practitioner(practitioner);
                }
                for (programme, orientation, _) in read.programmes() {
                    let listed = groups
                        .iter()
                        .any(|g| g["id"] == programme.group.as_str() && g["active"] != false);
                    // An enrolment whose Group was not read is shown from
                    // the member's own records, marked partial.
                    let unlisted = !groups.iter().any(|g| g["id"] == programme.group.as_str());
                    prop_assert!(listed || (programme.partial && programme.enrolled && unlisted), "{:?}", programme);
                    prop_assert!(programme.enrolled || programme.open, "{:?}", programme);
                    prop_assert_eq!(programme.enrolled, programme.enrolment.is_some());
                    prop_assert!(orientation.is_none() || programme.enrolled);
                    if let Some(weeks) = programme.weeks {
                        prop_assert!((1..=520).contains(&weeks));
                    }
                    let kept = serde_json::to_string(&programme).unwrap_or_default();
                    prop_assert!(!kept.contains(CANARY), "{}", kept);
                    if let Some(enrolment) = &programme.enrolment {
                        prop_assert!(!matches!(enrolment.status.as_str(), "entered-in-error" | "cancelled"));
                    }
                    let _ = week_of(&programme, Utc::now());
                }
            }

            /// An orientation in the member's language, or the clinic's own.
            #[test]
            fn an_orientation_of_any_shape(q in questionnaire(), language in language()) {
                let _ = localized(&q, "title", &language);
                let _ = agree_item(&q);
                let Some(shown) = orientation_in(&q, &language, AgreementState::NotYet) else {
                    return Ok(());
                };
                prop_assert_eq!(&q["id"], &json!(shown.questionnaire));
                let own = q["language"].as_str().unwrap_or("en");
                prop_assert!(shown.language == language || shown.language == own, "{:?}", shown);
                let agree = agree_item(&q);
                prop_assert!(agree.is_some_and(|i| i["type"] == "boolean" && i["linkId"].is_string()));
            }

            /// The week of a running group, from any enrolment dates and
            /// any moment: from 1 to the group's length, or none.
            #[test]
            fn the_week_of_any_enrolment(
                start in proptest::option::of(prop_oneof![
                    word(),
                    (-62_135_596_800i64..253_402_300_799).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default().to_rfc3339()),
                ]),
                end in proptest::option::of(word()),
                weeks in proptest::option::of(any::<u32>()),
                now in -8_334_601_228_800i64..8_210_266_876_799,
            ) {
                let Some(now) = DateTime::from_timestamp(now, 0) else {
                    return Ok(());
                };
                let programme = Programme {
                    group: "g1".into(),
                    name: String::new(),
                    theme: None,
                    open: false,
                    weeks,
                    enrolled: true,
                    enrolment: Some(Enrolment { status: "active".into(), start, end }),
                    starts: None,
                    facilitators: Vec::new(),
                    week: None,
                    orientation: None,
                    partial: false,
                };
                if let Some(week) = week_of(&programme, now) {
                    prop_assert!(week >= 1 || weeks == Some(0), "{}", week);
                    prop_assert!(week <= weeks.unwrap_or(u32::MAX));
                }
            }
        }
    }
}
