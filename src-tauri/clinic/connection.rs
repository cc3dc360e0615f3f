//! Being signed in to one clinic: signing in, syncing, signing out. What
//! the app remembers of it sits in the vault's encrypted `meta` table.

use super::address::check_endpoint;
use super::smart::{self, new_state, Tokens};
use super::{
    sync, ClinicAddress, ClinicError, Ledger, LedgerAction, Loopback, Pkce, Result, Sessions,
    SmartConfig,
};
use crate::clock::stamp;
use crate::store::{Database, Meta};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::future::Future;
use std::time::Duration;
use ts_rs::TS;
use url::Url;
use zeroize::Zeroizing;

const ADDRESS: &str = "clinic.address";
const PATIENT: &str = "clinic.patient";
const REFRESH_TOKEN: &str = "clinic.refresh_token";
const TOKEN_ENDPOINT: &str = "clinic.token_endpoint";
const LAST_SYNC: &str = "clinic.last_sync";
pub(super) const CURSOR: &str = "clinic.sessions_cursor";

/// How often sessions are brought up to date in the background.
const SYNC_EVERY: chrono::Duration = chrono::Duration::minutes(30);

/// How long the app waits for the member to finish in the browser.
const SIGN_IN_WAIT: Duration = Duration::from_secs(10 * 60);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClinicStatus {
    /// The clinic last signed in to (kept after signing out, to offer it again).
    pub address: Option<String>,
    pub signed_in: bool,
    pub last_synced_at: Option<String>,
    pub sessions: u32,
}

pub struct Clinic<'a> {
    db: &'a Database,
    http: &'a reqwest::Client,
}

impl<'a> Clinic<'a> {
    pub fn new(db: &'a Database, http: &'a reqwest::Client) -> Self {
        Self { db, http }
    }

    fn meta(&self) -> Meta<'a> {
        Meta::new(self.db)
    }

    pub async fn status(&self) -> Result<ClinicStatus> {
        let meta = self.meta();
        Ok(ClinicStatus {
            address: meta.get(ADDRESS).await?,
            signed_in: meta.get(REFRESH_TOKEN).await?.is_some(),
            last_synced_at: meta.get(LAST_SYNC).await?,
            sessions: Sessions::new(self.db).count().await?,
        })
    }

    /// Signs in through the member's browser, then syncs once. `open` shows
    /// the clinic's sign-in page; `cancelled` resolves if the member calls
    /// it off.
    pub async fn sign_in(
        &self,
        address: &ClinicAddress,
        open: impl FnOnce(&Url) -> Result<()>,
        cancelled: impl Future<Output = ()>,
        now: DateTime<Utc>,
    ) -> Result<ClinicStatus> {
        let ledger = Ledger::new(self.db);
        let discovery = SmartConfig::discovery_url(address)?;
        let config = ledger
            .around(
                LedgerAction::Discover,
                "GET",
                &discovery,
                now,
                SmartConfig::discover(self.http, address),
            )
            .await?;
        let loopback = Loopback::bind().await?;
        let redirect_uri = loopback.redirect_uri().to_owned();
        let (pkce, state) = (Pkce::new(), new_state());
        let page = config.authorize_url(address, &redirect_uri, &state, &pkce);
        let opened = async { open(&page) };
        ledger
            .around(LedgerAction::OpenSignInPage, "GET", &page, now, opened)
            .await?;
        let code = tokio::select! {
            code = loopback.code(&state) => Zeroizing::new(code?),
            () = cancelled => return Err(ClinicError::Cancelled),
            () = tokio::time::sleep(SIGN_IN_WAIT) => return Err(ClinicError::TimedOut),
        };
        let exchange = config.exchange_code(self.http, &code, &redirect_uri, &pkce);
        let tokens = ledger
            .around(
                LedgerAction::SignIn,
                "POST",
                &config.token_endpoint,
                now,
                exchange,
            )
            .await?;
        // Without the member's own record and a way to stay signed in there
        // is nothing this app can do with the clinic.
        let (Some(patient), Some(refresh)) = (tokens.patient.clone(), tokens.refresh.as_ref())
        else {
            return Err(ClinicError::Refused);
        };
        let meta = self.meta();
        let same_member = meta.get(ADDRESS).await?.as_deref() == Some(address.as_str())
            && meta.get(PATIENT).await?.as_deref() == Some(patient.as_str());
        if !same_member {
            // Another clinic or record: its sessions are not this one's.
            Sessions::new(self.db).clear().await?;
            meta.remove(CURSOR).await?;
        }
        meta.set(ADDRESS, address.as_str(), now).await?;
        meta.set(PATIENT, &patient, now).await?;
        meta.set(TOKEN_ENDPOINT, config.token_endpoint.as_str(), now)
            .await?;
        meta.set(REFRESH_TOKEN, refresh, now).await?;
        self.pull(address, &patient, &tokens, now).await?;
        self.status().await
    }

    /// Brings the member's sessions up to date with the clinic.
    pub async fn sync(&self, now: DateTime<Utc>) -> Result<ClinicStatus> {
        let meta = self.meta();
        let (Some(address), Some(patient), Some(endpoint)) = (
            meta.get(ADDRESS).await?,
            meta.get(PATIENT).await?,
            meta.get(TOKEN_ENDPOINT).await?,
        ) else {
            return Err(ClinicError::NotSignedIn);
        };
        let address = ClinicAddress::parse(&address)?;
        let token_endpoint = Url::parse(&endpoint).map_err(|_| ClinicError::NotSignedIn)?;
        // Checked again as read back: storage is not where the rule was applied.
        check_endpoint(&token_endpoint)?;

        // Two tries: an access token can expire between refresh and use.
        let mut tries = 0;
        loop {
            let refresh = meta
                .get(REFRESH_TOKEN)
                .await?
                .map(Zeroizing::new)
                .ok_or(ClinicError::NotSignedIn)?;
            let renew = smart::refresh(self.http, &token_endpoint, &refresh);
            let renewed = Ledger::new(self.db)
                .around(
                    LedgerAction::RenewSignIn,
                    "POST",
                    &token_endpoint,
                    now,
                    renew,
                )
                .await;
            let tokens = match renewed {
                // The clinic said the grant is gone (not a throttle or an outage).
                Err(ClinicError::Expired) => {
                    meta.remove(REFRESH_TOKEN).await?;
                    return Err(ClinicError::Expired);
                }
                other => other?,
            };
            if let Some(rotated) = &tokens.refresh {
                meta.set(REFRESH_TOKEN, rotated, now).await?;
            }
            tries += 1;
            match self.pull(&address, &patient, &tokens, now).await {
                Err(ClinicError::Expired) if tries < 2 => continue,
                Err(e) => return Err(e),
                Ok(()) => return self.status().await,
            }
        }
    }

    /// Syncs if signed in and the last sync is older than half an hour;
    /// returns the new status when it did.
    pub async fn sync_if_due(&self, now: DateTime<Utc>) -> Result<Option<ClinicStatus>> {
        let meta = self.meta();
        if meta.get(REFRESH_TOKEN).await?.is_none() {
            return Ok(None);
        }
        let last = meta
            .get(LAST_SYNC)
            .await?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok());
        if last.is_some_and(|last| now - last.with_timezone(&Utc) < SYNC_EVERY) {
            return Ok(None);
        }
        self.sync(now).await.map(Some)
    }

    /// Forgets the sign-in. Sessions stay, so entries keep their links.
    pub async fn sign_out(&self) -> Result<ClinicStatus> {
        let meta = self.meta();
        for key in [REFRESH_TOKEN, TOKEN_ENDPOINT] {
            meta.remove(key).await?;
        }
        self.status().await
    }

    async fn pull(
        &self,
        address: &ClinicAddress,
        patient: &str,
        tokens: &Tokens,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sync::pull_sessions(self.db, self.http, address, patient, &tokens.access, now).await?;
        self.meta().set(LAST_SYNC, &stamp(now), now).await?;
        Ok(())
    }
}
