//! Changes the member makes that the clinic may be told of: the change and
//! its outbox item are written in one transaction, so neither is ever kept
//! without the other (a crash between two writes used to leave homework
//! ticked off that the clinic would never hear of).

use super::outbox::{self, Payload};
use super::{Outbox, Result};
use crate::practice::Homework;
use crate::safety::{SelfCheck, SelfCheckDraft};
use crate::store::Database;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

/// A self-check deleted, handed back for undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeletedCheck {
    pub check: SelfCheck,
    /// A send had been tried or made: the clinic may already hold it, and
    /// deleting here cannot take it back there.
    pub maybe_at_clinic: bool,
}

pub struct Telling<'a> {
    db: &'a Database,
}

impl<'a> Telling<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }

    /// Homework checked off or back on; for the clinic's homework, when the
    /// sign-in allows telling it, the newest state is queued with it.
    pub async fn homework_done(
        &self,
        id: &str,
        done: bool,
        now: DateTime<Utc>,
    ) -> Result<Homework> {
        let tell = Outbox::new(self.db).abilities().await?.homework;
        let mut tx = self.db.pool().begin().await?;
        let saved = crate::practice::homework::set_homework_done_on(&mut tx, id, done, now).await?;
        if let (true, Some(task)) = (tell, &saved.clinic_task) {
            let payload = Payload::Homework {
                task: task.clone(),
                done,
            };
            outbox::put_on(&mut tx, payload, now).await?;
        }
        tx.commit().await?;
        Ok(saved)
    }

    /// A self-check taken; queued when the member shares that questionnaire
    /// and the sign-in allows it.
    pub async fn self_check_taken(
        &self,
        draft: &SelfCheckDraft,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Result<SelfCheck> {
        let check = crate::safety::Safety::new(self.db)
            .new_check(draft, now, zone)
            .await?;
        let tell = check.shared && Outbox::new(self.db).abilities().await?.share_checks;
        let mut tx = self.db.pool().begin().await?;
        let check = crate::safety::checks::insert_check_on(&mut tx, &check).await?;
        if tell {
            outbox::insert_on(&mut tx, &sent_of(&check), now).await?;
        }
        tx.commit().await?;
        Ok(check)
    }

    /// A self-check deleted: whatever waits to send it is withdrawn, however
    /// often it was tried, so nothing the member deleted goes after the delete.
    pub async fn self_check_deleted(&self, id: &str) -> Result<DeletedCheck> {
        let mut tx = self.db.pool().begin().await?;
        let check = crate::safety::checks::delete_check_on(&mut tx, id).await?;
        let maybe_at_clinic = outbox::withdraw_deleted_check(&mut tx, id).await?;
        tx.commit().await?;
        Ok(DeletedCheck {
            check,
            maybe_at_clinic,
        })
    }

    /// Undo of a delete: the result back, and what its delete withdrew
    /// waiting to be sent again.
    pub async fn self_check_restored(&self, check: &SelfCheck) -> Result<SelfCheck> {
        let mut tx = self.db.pool().begin().await?;
        let restored = crate::safety::checks::insert_check_on(&mut tx, check).await?;
        outbox::unwithdraw_deleted_check(&mut tx, &check.id).await?;
        tx.commit().await?;
        Ok(restored)
    }
}

/// Exactly what a shared self-check sends.
fn sent_of(check: &SelfCheck) -> Payload {
    Payload::SelfCheck {
        check: check.id.clone(),
        instrument: check.instrument,
        answers: check.answers.clone(),
        difficulty: check.difficulty,
        total: check.score.total,
        taken: check.taken_at.clone(),
    }
}
