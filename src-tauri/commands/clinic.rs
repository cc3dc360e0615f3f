use crate::error::AppError;
use alongside_core::app_state::AppState;
use alongside_core::clinic::{
    self, Clinic, ClinicAddress, ClinicError, ClinicStatus, Ledger, LedgerEntry, Outbox,
    OutboxItem, Programme, Reply, Session, Sessions,
};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

/// Prefills the clinic address (the demo and tests point it at the test clinic).
const DEFAULT_ADDRESS: &str = "ALONGSIDE_CLINIC_URL";
/// Another program to show the sign-in page, for tests and kiosks.
const BROWSER: &str = "ALONGSIDE_BROWSER";

pub async fn clinic_status(state: State<'_, AppState>) -> Result<ClinicStatus, AppError> {
    let db = state.vault().db().await?;
    let mut status = clinic::status(&db).await?;
    status.address = status
        .address
        .or_else(|| std::env::var(DEFAULT_ADDRESS).ok());
    Ok(status)
}

pub async fn clinic_sign_in<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    address: String,
) -> Result<ClinicStatus, AppError> {
    let db = state.vault().db().await?;
    let address = ClinicAddress::parse(&address)?;
    let http = clinic::http_client()?;
    let open = |url: &url::Url| open_sign_in(&app, url);
    // Listening from now on, so a cancel during discovery is not missed.
    let mut cancelled = std::pin::pin!(state.sign_in_cancelled());
    cancelled.as_mut().enable();
    let now = state.clock().now();
    let turn = state.clinic().turn().await;
    let status = Clinic::new(&db, &http, &turn)
        .in_zone(state.clock().zone())
        .sign_in(&address, open, cancelled, now)
        .await?;
    state.adopt_clinic_contact(status.contact.as_ref());
    Ok(status)
}

pub fn clinic_cancel_sign_in(state: State<'_, AppState>) -> Result<(), AppError> {
    state.cancel_sign_in();
    Ok(())
}

pub async fn clinic_sync(state: State<'_, AppState>) -> Result<ClinicStatus, AppError> {
    let db = state.vault().db().await?;
    let http = clinic::http_client()?;
    let turn = state.clinic().turn().await;
    let status = Clinic::new(&db, &http, &turn)
        .in_zone(state.clock().zone())
        .sync(state.clock().now())
        .await?;
    state.adopt_clinic_contact(status.contact.as_ref());
    Ok(status)
}

/// What the member just said (a reply, an agreement, a retry) goes out now;
/// nothing is read.
pub async fn clinic_send(state: State<'_, AppState>) -> Result<ClinicStatus, AppError> {
    let db = state.vault().db().await?;
    let http = clinic::http_client()?;
    let turn = state.clinic().turn().await;
    Ok(Clinic::new(&db, &http, &turn)
        .send_now(state.clock().now())
        .await?)
}

pub async fn clinic_sign_out(
    state: State<'_, AppState>,
    forget: bool,
) -> Result<ClinicStatus, AppError> {
    let db = state.vault().db().await?;
    let http = clinic::http_client()?;
    // After the round under way, if any: nothing of the clinic's is written after this.
    let turn = state.clinic().turn().await;
    Ok(Clinic::new(&db, &http, &turn).sign_out(forget).await?)
}

pub async fn journal_sessions(
    state: State<'_, AppState>,
    linked: Option<String>,
) -> Result<Vec<Session>, AppError> {
    let db = state.vault().db().await?;
    let now = state.clock().now();
    Ok(Sessions::new(&db)
        .for_journal(now, linked.as_deref())
        .await?)
}

/// What Alongside has sent to the clinic, newest first.
pub async fn clinic_ledger(state: State<'_, AppState>) -> Result<Vec<LedgerEntry>, AppError> {
    let db = state.vault().db().await?;
    Ok(Ledger::new(&db).recent(500).await?)
}

/// "I'll be there" / "I can't make it", kept to send with the next sync.
pub async fn session_reply(
    state: State<'_, AppState>,
    session: String,
    answer: Reply,
    note: Option<String>,
) -> Result<OutboxItem, AppError> {
    let db = state.vault().db().await?;
    let now = state.clock().now();
    Ok(Outbox::new(&db)
        .reply(&session, answer, note.as_deref(), now)
        .await?)
}

/// The member's groups and the open ones they may join; the orientation in
/// `language` (the UI's) where the clinic translated it.
pub async fn programme_list(
    state: State<'_, AppState>,
    language: String,
) -> Result<Vec<Programme>, AppError> {
    let db = state.vault().db().await?;
    let now = state.clock().now();
    Ok(clinic::programme::held(&db, &language, now).await?)
}

/// "I have read this and agree", kept to send with the next sync.
pub async fn orientation_agree(
    state: State<'_, AppState>,
    group: String,
) -> Result<OutboxItem, AppError> {
    let db = state.vault().db().await?;
    let now = state.clock().now();
    Ok(Outbox::new(&db).agree_to_orientation(&group, now).await?)
}

/// What waits to be sent, was refused, or went.
pub async fn clinic_outbox(state: State<'_, AppState>) -> Result<Vec<OutboxItem>, AppError> {
    let db = state.vault().db().await?;
    Ok(Outbox::new(&db).items().await?)
}

pub async fn outbox_retry(state: State<'_, AppState>, id: String) -> Result<OutboxItem, AppError> {
    let db = state.vault().db().await?;
    Ok(Outbox::new(&db).retry(&id).await?)
}

pub async fn outbox_withdraw(
    state: State<'_, AppState>,
    id: String,
) -> Result<OutboxItem, AppError> {
    let db = state.vault().db().await?;
    Ok(Outbox::new(&db).withdraw(&id).await?)
}

pub async fn clinic_decline_wider_sign_in(
    state: State<'_, AppState>,
) -> Result<ClinicStatus, AppError> {
    let db = state.vault().db().await?;
    let now = state.clock().now();
    let http = clinic::http_client()?;
    let turn = state.clinic().turn().await;
    Ok(Clinic::new(&db, &http, &turn)
        .decline_wider_sign_in(now)
        .await?)
}

/// Every session the clinic lists for the member, soonest first.
pub async fn sessions_list(state: State<'_, AppState>) -> Result<Vec<Session>, AppError> {
    let db = state.vault().db().await?;
    Ok(alongside_core::reminders::listing::sessions(&db, state.clock().now()).await?)
}

fn open_sign_in<R: Runtime>(app: &AppHandle<R>, url: &url::Url) -> clinic::Result<()> {
    if let Some(program) = std::env::var_os(BROWSER) {
        let mut child = std::process::Command::new(program)
            .arg(url.as_str())
            .spawn()
            .map_err(|_| ClinicError::Browser)?;
        std::thread::spawn(move || child.wait());
        return Ok(());
    }
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|_| ClinicError::Browser)
}
