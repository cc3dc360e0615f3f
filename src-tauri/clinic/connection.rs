//! Being signed in to one clinic: signing in, syncing, signing out.

use super::smart::{self, new_state, Tokens};
use super::state::{ClinicState, SignedIn};
use super::{
    sync, ClinicAddress, ClinicError, Ledger, LedgerAction, Loopback, Pkce, Result, Sessions,
    SmartConfig,
};
use crate::store::Database;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::future::Future;
use std::time::Duration;
use ts_rs::TS;
use url::Url;
use zeroize::Zeroizing;

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
    /// The clinic ended the sign-in (the member did not): ask them to sign
    /// in again. Everything kept from the clinic stays.
    pub expired: bool,
    pub last_synced_at: Option<String>,
    pub sessions: u32,
    /// The clinic's name and phone as this sync read them; `None` when not
    /// read now (or the clinic does not say).
    pub contact: Option<super::ClinicContact>,
}

pub struct Clinic<'a> {
    db: &'a Database,
    http: &'a reqwest::Client,
    /// The member's clock, for the days homework is due.
    zone: chrono_tz::Tz,
}

impl<'a> Clinic<'a> {
    pub fn new(db: &'a Database, http: &'a reqwest::Client) -> Self {
        Self {
            db,
            http,
            zone: crate::clock::system_zone(),
        }
    }

    /// On a clock other than the desktop's (the app's own, in tests).
    pub fn in_zone(self, zone: chrono_tz::Tz) -> Self {
        Self { zone, ..self }
    }

    fn state(&self) -> ClinicState<'a> {
        ClinicState::new(self.db)
    }

    pub async fn status(&self) -> Result<ClinicStatus> {
        let state = self.state();
        Ok(ClinicStatus {
            address: state.address().await?,
            signed_in: state.is_signed_in().await?,
            expired: state.is_expired().await?,
            last_synced_at: state.last_synced_at().await?,
            sessions: Sessions::new(self.db).count().await?,
            contact: None,
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
        let state = self.state();
        if !state.is_same_member(address, &patient).await? {
            // Another clinic or record: its sessions are not this one's.
            Sessions::new(self.db).clear().await?;
            state.clear_cursor().await?;
        }
        let signed_in = SignedIn {
            address: address.clone(),
            patient,
            token_endpoint: config.token_endpoint.clone(),
        };
        state.remember_sign_in(&signed_in, refresh, now).await?;
        let contact = self.pull(&signed_in, &tokens, now).await?;
        Ok(ClinicStatus {
            contact,
            ..self.status().await?
        })
    }

    /// Brings the member's sessions up to date with the clinic.
    pub async fn sync(&self, now: DateTime<Utc>) -> Result<ClinicStatus> {
        let state = self.state();
        let signed_in = state.signed_in().await?;
        let token_endpoint = &signed_in.token_endpoint;

        // Two tries: an access token can expire between refresh and use.
        let mut tries = 0;
        loop {
            let refresh = state.refresh_token().await?;
            let renew = smart::refresh(self.http, token_endpoint, &refresh);
            let renewed = Ledger::new(self.db)
                .around(
                    LedgerAction::RenewSignIn,
                    "POST",
                    token_endpoint,
                    now,
                    renew,
                )
                .await;
            let tokens = match renewed {
                // The clinic said the grant is gone (not a throttle or an outage).
                Err(ClinicError::Expired) => {
                    state.expire().await?;
                    return Err(ClinicError::Expired);
                }
                other => other?,
            };
            if let Some(rotated) = &tokens.refresh {
                state.set_refresh_token(rotated, now).await?;
            }
            tries += 1;
            match self.pull(&signed_in, &tokens, now).await {
                Err(ClinicError::Expired) if tries < 2 => continue,
                Err(e) => return Err(e),
                Ok(contact) => {
                    return Ok(ClinicStatus {
                        contact,
                        ..self.status().await?
                    })
                }
            }
        }
    }

    /// Syncs if signed in and the last sync is older than half an hour;
    /// returns the new status when it did.
    pub async fn sync_if_due(&self, now: DateTime<Utc>) -> Result<Option<ClinicStatus>> {
        let state = self.state();
        if !state.is_signed_in().await? {
            return Ok(None);
        }
        if state
            .last_sync()
            .await?
            .is_some_and(|last| now - last < SYNC_EVERY)
        {
            return Ok(None);
        }
        self.sync(now).await.map(Some)
    }

    /// Forgets the sign-in. Sessions stay, so entries keep their links.
    pub async fn sign_out(&self) -> Result<ClinicStatus> {
        self.state().sign_out().await?;
        self.status().await
    }

    async fn pull(
        &self,
        signed_in: &SignedIn,
        tokens: &Tokens,
        now: DateTime<Utc>,
    ) -> Result<Option<super::ClinicContact>> {
        sync::pull_sessions(self.db, self.http, signed_in, &tokens.access, now).await?;
        // Homework and the phone come after the sessions, with the same
        // token: a refusal here is a server that does not grant or offer
        // them (an earlier sign-in's narrower scopes), not a lost sign-in,
        // so the sync still counts.
        let tasks = super::tasks::pull_tasks(
            self.db,
            self.http,
            signed_in,
            &tokens.access,
            self.zone,
            now,
        );
        if let Err(e) = tasks.await {
            tracing::info!(
                code = e.code().as_str(),
                "the clinic's homework was not read"
            );
        }
        let contact = match super::organization::pull_contact(
            self.db,
            self.http,
            signed_in,
            &tokens.access,
            now,
        )
        .await
        {
            Ok(contact) => contact,
            Err(e) => {
                tracing::info!(code = e.code().as_str(), "the clinic's phone was not read");
                None
            }
        };
        self.state().synced(now).await?;
        Ok(contact)
    }
}
