//! What the clinic's server would not share. A strict server refuses a read
//! it did not grant or that lies outside the member's own records (403), or
//! does not offer a type at all (404). Each part of a sync stands on its
//! own: a refusal keeps the rest, the part is read as empty, and the member
//! reads one plain sentence for it on the Sessions screen.

use super::{ClinicError, Result};
use crate::store::{Database, Meta};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

const UNSHARED: &str = "clinic.unshared";

/// A part of what a sync reads, as the member would name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ClinicPart {
    Sessions,
    Homework,
    /// The programme: the group, its facilitators, the enrolment.
    Group,
    /// A group's orientation, and whether it was agreed to.
    Orientation,
    /// The clinic's name and phone.
    ClinicPhone,
}

/// An answer that means "not for this app", not "try again later".
pub fn is_refusal(e: &ClinicError) -> bool {
    matches!(e, ClinicError::Server { status } if matches!(status, 400 | 403 | 404 | 405 | 410 | 422 | 501))
}

/// What one sync learnt of each part.
#[derive(Debug, Default)]
pub struct Sharing {
    refused: BTreeSet<ClinicPart>,
    /// Failed for another reason: what the last sync knew still stands.
    unsure: BTreeSet<ClinicPart>,
}

impl Sharing {
    /// One read of `part`: a refusal is noted and read as nothing
    /// (`Ok(None)`); any other failure is returned.
    pub fn take<T>(&mut self, part: ClinicPart, read: Result<T>) -> Result<Option<T>> {
        match read {
            Ok(value) => Ok(Some(value)),
            Err(e) if is_refusal(&e) => {
                self.refused.insert(part);
                Ok(None)
            }
            Err(e) => {
                self.unsure.insert(part);
                Err(e)
            }
        }
    }

    pub fn refused(&self, part: ClinicPart) -> bool {
        self.refused.contains(&part)
    }

    /// Keeps what this sync learnt, in the vault's `meta`.
    pub async fn save(&self, db: &Database, now: DateTime<Utc>) -> Result<()> {
        let before = held(db).await?;
        let now_unshared: BTreeSet<ClinicPart> = before
            .into_iter()
            .filter(|p| self.unsure.contains(p))
            .chain(self.refused.iter().copied())
            .collect();
        let text = serde_json::to_string(&now_unshared).map_err(|_| ClinicError::Malformed)?;
        Ok(Meta::new(db).set(UNSHARED, &text, now).await?)
    }
}

/// The parts the clinic's server did not share at the last sync.
pub async fn held(db: &Database) -> Result<Vec<ClinicPart>> {
    let text = Meta::new(db).get(UNSHARED).await?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_nothing_and_an_outage_an_error() {
        let mut sharing = Sharing::default();
        let refused =
            sharing.take::<()>(ClinicPart::Group, Err(ClinicError::Server { status: 403 }));
        assert!(matches!(refused, Ok(None)));
        let down = sharing.take::<()>(
            ClinicPart::Homework,
            Err(ClinicError::Server { status: 502 }),
        );
        assert!(down.is_err());
        assert!(matches!(
            sharing.take(ClinicPart::Sessions, Ok(1)),
            Ok(Some(1))
        ));
        assert!(sharing.refused(ClinicPart::Group) && !sharing.refused(ClinicPart::Homework));
        assert!(!is_refusal(&ClinicError::Expired));
        assert!(!is_refusal(&ClinicError::Busy { retry_after: None }));
    }
}
