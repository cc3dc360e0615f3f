//! What the app remembers of the clinic between runs, typed, in one place:
//! the address and record signed in to, how to renew the sign-in, and how
//! far sessions have been read. It sits in the vault's encrypted `meta`
//! table, so none of it is readable while the vault is locked.

use super::address::check_endpoint;
use super::scopes::{Abilities, Granted, SCOPES};
use super::{ClinicAddress, ClinicError, Result};
use crate::clock::stamp;
use crate::store::{Database, Meta};
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use url::Url;
use zeroize::Zeroizing;

const ADDRESS: &str = "clinic.address";
const PATIENT: &str = "clinic.patient";
const REFRESH_TOKEN: &str = "clinic.refresh_token";
const TOKEN_ENDPOINT: &str = "clinic.token_endpoint";
const LAST_SYNC: &str = "clinic.last_sync";
const CURSOR: &str = "clinic.sessions_cursor";
/// The scopes the clinic granted, and those this app asked for then.
const GRANTED: &str = "clinic.scope";
const ASKED: &str = "clinic.asked_scope";
/// The member said "not now" to signing in again for more.
const WIDER_DECLINED: &str = "clinic.wider_sign_in_declined";

/// Where a signed-in member's sessions are read from.
pub struct SignedIn {
    pub address: ClinicAddress,
    pub patient: String,
    pub token_endpoint: Url,
}

pub struct ClinicState<'a> {
    meta: Meta<'a>,
}

impl<'a> ClinicState<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self {
            meta: Meta::new(db),
        }
    }

    /// The clinic last signed in to, kept after signing out to offer it again.
    pub async fn address(&self) -> Result<Option<String>> {
        Ok(self.meta.get(ADDRESS).await?)
    }

    pub async fn is_signed_in(&self) -> Result<bool> {
        Ok(self.meta.get(REFRESH_TOKEN).await?.is_some())
    }

    /// The clinic refused to renew the sign-in (not the member signing
    /// out): the token endpoint is still held, the refresh token is not.
    pub async fn is_expired(&self) -> Result<bool> {
        Ok(!self.is_signed_in().await? && self.meta.get(TOKEN_ENDPOINT).await?.is_some())
    }

    /// Whether the address and record are the ones already held.
    pub async fn is_same_member(&self, address: &ClinicAddress, patient: &str) -> Result<bool> {
        Ok(
            self.meta.get(ADDRESS).await?.as_deref() == Some(address.as_str())
                && self.meta.get(PATIENT).await?.as_deref() == Some(patient),
        )
    }

    pub async fn remember_sign_in(
        &self,
        signed_in: &SignedIn,
        refresh: &str,
        granted: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let meta = &self.meta;
        meta.set(ADDRESS, signed_in.address.as_str(), now).await?;
        meta.set(PATIENT, &signed_in.patient, now).await?;
        meta.set(TOKEN_ENDPOINT, signed_in.token_endpoint.as_str(), now)
            .await?;
        meta.set(REFRESH_TOKEN, refresh, now).await?;
        meta.set(ASKED, &SCOPES, now).await?;
        meta.remove(WIDER_DECLINED).await?;
        // SMART says the token answer names what was granted; one that does
        // not is taken to grant what was asked.
        self.set_granted(granted.unwrap_or(&SCOPES), now).await
    }

    pub async fn set_granted(&self, scope: &str, now: DateTime<Utc>) -> Result<()> {
        Ok(self.meta.set(GRANTED, scope, now).await?)
    }

    /// What the member can send; nothing when not signed in.
    pub async fn abilities(&self) -> Result<Abilities> {
        if !self.is_signed_in().await? {
            return Ok(Abilities::default());
        }
        let granted = self.meta.get(GRANTED).await?.unwrap_or_default();
        Ok(Granted::parse(&granted).abilities())
    }

    /// A sign-in made when this app asked for less (an older version): ask
    /// once to sign in again so everything can be read and sent. A clinic
    /// that was asked for everything and granted less is not asked again;
    /// nor is a member who said "not now" to this version's scopes.
    pub async fn asks_for_wider_sign_in(&self) -> Result<bool> {
        if !self.is_signed_in().await?
            || self.meta.get(WIDER_DECLINED).await?.as_deref() == Some(SCOPES.as_str())
        {
            return Ok(false);
        }
        let asked = self.meta.get(ASKED).await?;
        let granted = self.meta.get(GRANTED).await?.unwrap_or_default();
        Ok(asked.as_deref() != Some(SCOPES.as_str()) && !Granted::parse(&granted).has_all())
    }

    pub async fn decline_wider_sign_in(&self, now: DateTime<Utc>) -> Result<()> {
        Ok(self.meta.set(WIDER_DECLINED, &SCOPES, now).await?)
    }

    /// The sign-in to renew, or `NotSignedIn`.
    pub async fn signed_in(&self) -> Result<SignedIn> {
        let meta = &self.meta;
        let (Some(address), Some(patient), Some(endpoint)) = (
            meta.get(ADDRESS).await?,
            meta.get(PATIENT).await?,
            meta.get(TOKEN_ENDPOINT).await?,
        ) else {
            return Err(ClinicError::NotSignedIn);
        };
        let token_endpoint = Url::parse(&endpoint).map_err(|_| ClinicError::NotSignedIn)?;
        // Checked again as read back: storage is not where the rule was applied.
        check_endpoint(&token_endpoint)?;
        Ok(SignedIn {
            address: ClinicAddress::parse(&address)?,
            patient,
            token_endpoint,
        })
    }

    pub async fn refresh_token(&self) -> Result<Zeroizing<String>> {
        self.meta
            .get(REFRESH_TOKEN)
            .await?
            .map(Zeroizing::new)
            .ok_or(ClinicError::NotSignedIn)
    }

    pub async fn set_refresh_token(&self, token: &str, now: DateTime<Utc>) -> Result<()> {
        Ok(self.meta.set(REFRESH_TOKEN, token, now).await?)
    }

    /// Forgets how to renew the sign-in; the address stays to offer it again.
    pub async fn sign_out(&self) -> Result<()> {
        for key in [REFRESH_TOKEN, TOKEN_ENDPOINT] {
            self.meta.remove(key).await?;
        }
        Ok(())
    }

    /// Everything else kept of the clinic: the address and record, how far
    /// sessions were read, what was granted.
    pub async fn forget(&self) -> Result<()> {
        // Every `clinic.` key: the ones above and those other parts of the
        // clinic keep (the last reconcile, a server that refused batches).
        Ok(self.meta.remove_all_under("clinic.").await?)
    }

    /// The clinic refused `refused`, so the grant is gone: only that token
    /// is forgotten (the member signs in again to the same clinic and
    /// record), and not if another has taken its place since.
    pub async fn expire(&self, refused: &str) -> Result<()> {
        if self.meta.get(REFRESH_TOKEN).await?.as_deref() == Some(refused) {
            self.meta.remove(REFRESH_TOKEN).await?;
        }
        Ok(())
    }

    pub async fn last_synced_at(&self) -> Result<Option<String>> {
        Ok(self.meta.get(LAST_SYNC).await?)
    }

    pub async fn last_sync(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .last_synced_at()
            .await?
            .and_then(|t| instant(&t))
            .map(|t| t.with_timezone(&Utc)))
    }

    pub async fn synced(&self, now: DateTime<Utc>) -> Result<()> {
        Ok(self.meta.set(LAST_SYNC, &stamp(now), now).await?)
    }

    /// The server's `lastUpdated` of the newest session already held.
    pub async fn cursor(&self) -> Result<Option<DateTime<FixedOffset>>> {
        Ok(self.meta.get(CURSOR).await?.as_deref().and_then(instant))
    }

    pub async fn set_cursor(&self, to: DateTime<FixedOffset>, now: DateTime<Utc>) -> Result<()> {
        let to = to.to_rfc3339_opts(SecondsFormat::Millis, true);
        Ok(self.meta.set(CURSOR, &to, now).await?)
    }

    pub async fn clear_cursor(&self) -> Result<()> {
        Ok(self.meta.remove(CURSOR).await?)
    }
}

pub(super) fn instant(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::scratch_database;

    #[tokio::test]
    async fn signing_out_keeps_the_address_and_forgets_the_way_back_in() {
        let (_dir, db) = scratch_database().await;
        let state = ClinicState::new(&db);
        assert!(matches!(
            state.signed_in().await,
            Err(ClinicError::NotSignedIn)
        ));
        let now = Utc::now();
        let signed_in = SignedIn {
            address: ClinicAddress::parse("https://clinic.example/fhir/R4").unwrap(),
            patient: "pt-1".into(),
            token_endpoint: Url::parse("https://clinic.example/token").unwrap(),
        };
        state
            .remember_sign_in(&signed_in, "refresh-1", None, now)
            .await
            .unwrap();
        assert!(state.is_signed_in().await.unwrap());
        assert!(state
            .is_same_member(&signed_in.address, "pt-1")
            .await
            .unwrap());
        assert!(!state
            .is_same_member(&signed_in.address, "pt-2")
            .await
            .unwrap());
        assert_eq!(state.signed_in().await.unwrap().patient, "pt-1");
        assert_eq!(state.refresh_token().await.unwrap().as_str(), "refresh-1");

        state.sign_out().await.unwrap();
        assert!(!state.is_signed_in().await.unwrap());
        assert!(matches!(
            state.signed_in().await,
            Err(ClinicError::NotSignedIn)
        ));
        assert_eq!(
            state.address().await.unwrap().as_deref(),
            Some("https://clinic.example/fhir/R4")
        );
    }

    #[tokio::test]
    async fn a_stored_endpoint_is_checked_again_when_read_back() {
        let (_dir, db) = scratch_database().await;
        let now = Utc::now();
        let meta = Meta::new(&db);
        meta.set(ADDRESS, "https://clinic.example/fhir/R4", now)
            .await
            .unwrap();
        meta.set(PATIENT, "pt-1", now).await.unwrap();
        meta.set(TOKEN_ENDPOINT, "http://clinic.example/token", now)
            .await
            .unwrap();
        assert!(matches!(
            ClinicState::new(&db).signed_in().await,
            Err(ClinicError::InsecureEndpoint)
        ));
    }

    #[tokio::test]
    async fn the_cursor_round_trips_to_the_millisecond() {
        let (_dir, db) = scratch_database().await;
        let state = ClinicState::new(&db);
        assert_eq!(state.cursor().await.unwrap(), None);
        let to = instant("2026-11-03T10:20:30.456Z").unwrap();
        state.set_cursor(to, Utc::now()).await.unwrap();
        assert_eq!(state.cursor().await.unwrap(), Some(to));
        state.clear_cursor().await.unwrap();
        assert_eq!(state.cursor().await.unwrap(), None);
    }
}
