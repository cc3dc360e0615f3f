//! Being signed in to one clinic: signing in, syncing, signing out.

use super::fhir::Bundle;
use super::programme::{self, ProgrammeRead};
use super::reads::{Reads, Search};
use super::smart::{self, new_state, Tokens};
use super::state::{ClinicState, SignedIn};
use super::unshared::{self, ClinicPart, Sharing};
use super::{
    homework_pull, organization, send, sessions_pull, Abilities, ClinicAddress, ClinicError,
    Ledger, LedgerAction, Loopback, Outbox, Pkce, Result, Sessions, SmartConfig, Turn,
};
use crate::error::Coded;
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

/// How soon a waiting outbox item is sent in the background.
const SEND_WITHIN: chrono::Duration = chrono::Duration::minutes(1);

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
    /// What the sign-in lets the member send.
    pub can: Abilities,
    /// Signed in when the app asked for less: offer to sign in again, once.
    pub ask_wider_sign_in: bool,
    /// Items waiting to be sent or refused by the clinic.
    pub outbox_waiting: u32,
    /// What the clinic's server did not share at the last sync.
    pub unshared: Vec<ClinicPart>,
}

/// What is kept of the clinic, as the Sessions screen shows it. A read:
/// it needs no turn, so it answers while a sync runs.
pub async fn status(db: &Database) -> Result<ClinicStatus> {
    let state = ClinicState::new(db);
    Ok(ClinicStatus {
        address: state.address().await?,
        signed_in: state.is_signed_in().await?,
        expired: state.is_expired().await?,
        last_synced_at: state.last_synced_at().await?,
        sessions: Sessions::new(db).count().await?,
        contact: None,
        can: state.abilities().await?,
        ask_wider_sign_in: state.asks_for_wider_sign_in().await?,
        outbox_waiting: Outbox::new(db).count_waiting().await?,
        unshared: unshared::held(db).await?,
    })
}

/// One piece of clinic work, made with the worker's turn (`worker.rs`).
pub struct Clinic<'a> {
    db: &'a Database,
    http: &'a reqwest::Client,
    /// The member's clock, for the days homework is due.
    zone: chrono_tz::Tz,
    _turn: &'a Turn<'a>,
}

impl<'a> Clinic<'a> {
    pub fn new(db: &'a Database, http: &'a reqwest::Client, turn: &'a Turn<'a>) -> Self {
        Self {
            db,
            http,
            zone: crate::clock::system_zone(),
            _turn: turn,
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
        status(self.db).await
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
            // Another clinic or record: its sessions are not this one's,
            // nor is what waits to be sent to the one before.
            Sessions::new(self.db).clear().await?;
            programme::clear(self.db).await?;
            Outbox::new(self.db).withdraw_waiting().await?;
            state.clear_cursor().await?;
        }
        let signed_in = SignedIn {
            address: address.clone(),
            patient,
            token_endpoint: config.token_endpoint.clone(),
        };
        state
            .remember_sign_in(&signed_in, refresh, tokens.scope.as_deref(), now)
            .await?;
        let contact = self.pull(&signed_in, &tokens, now, &mut None).await?;
        Ok(ClinicStatus {
            contact,
            ..self.status().await?
        })
    }

    /// Renews the sign-in for one piece of work. A rotated refresh token is
    /// saved before the answer is used for anything else, so a crash or an
    /// error later in the round never leaves the spent one behind.
    async fn renew(&self, signed_in: &SignedIn, now: DateTime<Utc>) -> Result<Tokens> {
        let state = self.state();
        let token_endpoint = &signed_in.token_endpoint;
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
            // The clinic said the grant is gone (not a throttle or an
            // outage): forget that token, and only that one.
            Err(ClinicError::Expired) => {
                state.expire(&refresh).await?;
                return Err(ClinicError::Expired);
            }
            other => other?,
        };
        if let Some(rotated) = &tokens.refresh {
            state.set_refresh_token(rotated, now).await?;
        }
        if let Some(granted) = &tokens.scope {
            state.set_granted(granted, now).await?;
        }
        Ok(tokens)
    }

    /// Sends what waits in the outbox, and reads nothing: a reply or an
    /// agreement the member just made goes out now.
    pub async fn send_now(&self, now: DateTime<Utc>) -> Result<ClinicStatus> {
        let signed_in = self.state().signed_in().await?;
        if !Outbox::new(self.db).has_waiting().await? {
            return self.status().await;
        }
        let mut tries = 0;
        loop {
            let tokens = self.renew(&signed_in, now).await?;
            tries += 1;
            match send::drain(self.db, self.http, &signed_in, &tokens.access, now).await {
                Err(ClinicError::Expired) if tries < 2 => continue,
                Err(e) => return Err(e),
                Ok(_) => return self.status().await,
            }
        }
    }

    /// Brings the member's sessions up to date with the clinic.
    pub async fn sync(&self, now: DateTime<Utc>) -> Result<ClinicStatus> {
        let signed_in = self.state().signed_in().await?;
        // Two tries: an access token can expire between refresh and use.
        let mut tries = 0;
        let mut drained = None;
        loop {
            let tokens = self.renew(&signed_in, now).await?;
            tries += 1;
            match self.pull(&signed_in, &tokens, now, &mut drained).await {
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

    /// Syncs if signed in and the last sync is older than half an hour (a
    /// minute when something waits to be sent);
    /// returns the new status when it did.
    pub async fn sync_if_due(&self, now: DateTime<Utc>) -> Result<Option<ClinicStatus>> {
        let state = self.state();
        if !state.is_signed_in().await? {
            return Ok(None);
        }
        // Something the member said waits: it goes out within a minute.
        let every = if Outbox::new(self.db).has_waiting().await? {
            SEND_WITHIN
        } else {
            SYNC_EVERY
        };
        if state
            .last_sync()
            .await?
            .is_some_and(|last| now - last < every)
        {
            return Ok(None);
        }
        self.sync(now).await.map(Some)
    }

    /// "Not now" to signing in again for the outbox's scopes.
    pub async fn decline_wider_sign_in(&self, now: DateTime<Utc>) -> Result<ClinicStatus> {
        self.state().decline_wider_sign_in(now).await?;
        self.status().await
    }

    /// Forgets the sign-in. With `forget`, also everything kept from the
    /// clinic on this computer: sessions, programme, the clinic's homework,
    /// what was sent and the ledger (entries keep their words; a link to a
    /// session then reads as one the clinic no longer lists). Without it,
    /// all of that stays.
    pub async fn sign_out(&self, forget: bool) -> Result<ClinicStatus> {
        self.state().sign_out().await?;
        if forget {
            self.state().forget().await?;
            Sessions::new(self.db).clear().await?;
            programme::clear(self.db).await?;
            Outbox::new(self.db).clear().await?;
            crate::practice::Practice::new(self.db)
                .forget_clinic_homework()
                .await?;
            Ledger::new(self.db).clear().await?;
        }
        self.status().await
    }

    /// Sends what waits, then reads. `drained` is how this sync's sending
    /// went, so a second try (after an access token expired) sends again
    /// only if the clinic turned the first away: a send whose answer was
    /// lost may still be landing there, and on a server without
    /// conditional create sending it again now could make it twice (the
    /// next sync looks for it first).
    async fn pull(
        &self,
        signed_in: &SignedIn,
        tokens: &Tokens,
        now: DateTime<Utc>,
        drained: &mut Option<Result<send::Drained>>,
    ) -> Result<Option<super::ClinicContact>> {
        // What the member said goes first, so a pull never shows the
        // clinic's older state over it. A send that fails does not keep the
        // member from the clinic's news: the reads go on (what waits is
        // held over them), then the failure is reported so sync backs off.
        if matches!(drained, None | Some(Err(ClinicError::Expired))) {
            *drained = Some(send::drain(self.db, self.http, signed_in, &tokens.access, now).await);
        }
        if let Some(Err(ClinicError::Expired)) = drained {
            return Err(ClinicError::Expired);
        }
        let reads = Reads {
            db: self.db,
            http: self.http,
            signed_in,
            access: &tokens.access,
            now,
        };
        // Each part stands on its own: one the server refuses is read as
        // empty and named to the member; the rest is kept.
        let mut sharing = Sharing::default();

        // Round one: every search that needs nothing else first.
        let first = FirstRound {
            sessions: sessions_pull::search(&reads).await?,
            homework: homework_pull::search(&reads)?,
            patient: organization::patient_search(&reads)?,
            programme: programme::first_searches(&reads)?,
            ids: sessions_pull::reconcile_search(&reads).await?,
        };
        let FirstRound {
            sessions,
            homework,
            patient,
            programme: programme_pages,
            ids,
        } = first.read(&reads).await?;

        // Sessions are what a sync is for: an outage here fails it.
        if let Some(sessions) = sharing.take(ClinicPart::Sessions, sessions)? {
            sessions_pull::pull(&reads, sessions).await?;
            if let Some(ids) = ids {
                let reconciled = async { sessions_pull::reconcile(&reads, ids?).await };
                quietly("session ids", reconciled.await);
            }
        }
        // The rest comes with the same token: a failure here is left for
        // the next sync, and what is held stays.
        if let Some(Some(homework)) =
            quietly("homework", sharing.take(ClinicPart::Homework, homework))
        {
            quietly(
                "homework",
                homework_pull::pull(&reads, homework, self.zone).await,
            );
        }
        let found = match sharing.take(ClinicPart::ClinicPhone, patient) {
            Ok(Some(p)) => organization::take_patient(&reads, &p).map(Some),
            other => other.map(|_| None),
        };
        let programme = ProgrammeRead::from_first(&reads, programme_pages, &mut sharing).await;

        // Round two: the Organization and the CareTeams.
        let organization = match &found {
            Ok(Some(organization::Found::Read(search))) => Some(search),
            _ => None,
        };
        let teams = match &programme {
            Ok(read) => read.teams_search(&reads)?,
            Err(_) => None,
        };
        let second: Vec<&Search> = organization.iter().copied().chain(teams.as_ref()).collect();
        let mut answers = reads.first_pages(&second).await?.into_iter();
        let contact = match found {
            Ok(Some(organization::Found::Contact(contact))) => contact,
            Ok(Some(organization::Found::Read(_))) => answers
                .next()
                .map(|a| sharing.take(ClinicPart::ClinicPhone, a))
                .and_then(|a| quietly("clinic's phone", a))
                .flatten()
                .and_then(|b| organization::take_organization(&b)),
            Ok(None) => None,
            Err(e) => quietly::<()>("clinic's phone", Err(e)).and(None),
        };
        match programme {
            Ok(mut read) => {
                let mut done: Result<()> = Ok(());
                if teams.is_some() {
                    if let Some(answer) = answers.next() {
                        done = match sharing.take(ClinicPart::Group, answer) {
                            Ok(Some(bundle)) => read.take_teams(&reads, bundle).await,
                            other => other.map(|_| ()),
                        };
                    }
                }
                // Round three: the facilitators.
                if done.is_ok() {
                    if let Some(search) = read.practitioners_search(&reads)? {
                        let mut third = reads.first_pages(&[&search]).await?.into_iter();
                        if let Some(answer) = third.next() {
                            done = match sharing.take(ClinicPart::Group, answer) {
                                Ok(Some(bundle)) => read.take_practitioners(&reads, bundle).await,
                                other => other.map(|_| ()),
                            };
                        }
                    }
                }
                if let Some(()) = quietly("programme", done) {
                    // One that cannot be read whole leaves what is held as it was.
                    quietly("programme", read.store(self.db).await);
                }
            }
            Err(e) => {
                quietly::<()>("programme", Err(e));
            }
        }
        sharing.save(self.db, now).await?;
        self.state().synced(now).await?;
        match drained.take() {
            Some(Err(e)) => Err(e),
            _ => Ok(contact),
        }
    }
}

/// A read the sync goes on without, logged by code alone.
fn quietly<T>(what: &'static str, result: Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            tracing::info!(
                code = e.code().as_str(),
                what,
                "a clinic read was left for next time"
            );
            None
        }
    }
}

/// A sync's first round by name: its searches, then each search's first
/// page under the same name. `ids` (the held sessions' reconciliation) is
/// only searched for now and then.
struct FirstRound<T> {
    sessions: T,
    homework: T,
    patient: T,
    programme: [T; 4],
    ids: Option<T>,
}

impl FirstRound<Search> {
    /// Every search in one batch where the clinic takes batches.
    async fn read(&self, reads: &Reads<'_>) -> Result<FirstRound<Result<Bundle>>> {
        let [episodes, groups, orientations, answers] = &self.programme;
        let mut searches = vec![
            &self.sessions,
            &self.homework,
            &self.patient,
            episodes,
            groups,
            orientations,
            answers,
        ];
        searches.extend(self.ids.as_ref());
        let mut pages = reads.first_pages(&searches).await?.into_iter();
        // One page per search, in order; a page missing reads as malformed.
        // Fields are evaluated in the order written, the searches' order.
        let mut next = || pages.next().unwrap_or(Err(ClinicError::Malformed));
        Ok(FirstRound {
            sessions: next(),
            homework: next(),
            patient: next(),
            programme: [next(), next(), next(), next()],
            ids: self.ids.as_ref().map(|_| next()),
        })
    }
}
