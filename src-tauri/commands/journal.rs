use crate::error::{AppError, DesktopError};
use alongside_core::app_state::AppState;
use alongside_core::journal::{
    web_link, CalendarDay, Entry, EntryDraft, EntrySummary, Journal, MoodBucket, MoodPoint,
    SearchHit, SearchQuery, TimelineCursor, TimelinePage,
};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

pub async fn journal_save(
    state: State<'_, AppState>,
    draft: EntryDraft,
) -> Result<Entry, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock()).save(draft).await?)
}

pub async fn journal_get(state: State<'_, AppState>, id: String) -> Result<Entry, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock()).get(&id).await?)
}

pub async fn journal_timeline(
    state: State<'_, AppState>,
    before: Option<TimelineCursor>,
    limit: u32,
) -> Result<TimelinePage, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock())
        .timeline(before, limit)
        .await?)
}

pub async fn journal_search(
    state: State<'_, AppState>,
    query: SearchQuery,
) -> Result<Vec<SearchHit>, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock()).search(&query).await?)
}

pub async fn journal_trash(state: State<'_, AppState>, id: String) -> Result<Entry, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock()).trash(&id).await?)
}

pub async fn journal_restore(state: State<'_, AppState>, id: String) -> Result<Entry, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock()).restore(&id).await?)
}

pub async fn journal_trash_list(state: State<'_, AppState>) -> Result<Vec<EntrySummary>, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock()).trash_list().await?)
}

pub async fn journal_empty_trash(state: State<'_, AppState>) -> Result<u32, AppError> {
    let db = state.vault().db().await?;
    let removed = Journal::new(&db, state.clock()).empty_trash().await?;
    Ok(u32::try_from(removed).unwrap_or(u32::MAX))
}

pub async fn journal_calendar(
    state: State<'_, AppState>,
    year: i32,
    month: u32,
) -> Result<Vec<CalendarDay>, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock())
        .calendar(year, month)
        .await?)
}

pub async fn journal_on_this_day(
    state: State<'_, AppState>,
) -> Result<Vec<EntrySummary>, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock()).on_this_day().await?)
}

pub async fn journal_mood_series(
    state: State<'_, AppState>,
    bucket: MoodBucket,
    count: u32,
) -> Result<Vec<MoodPoint>, AppError> {
    let db = state.vault().db().await?;
    Ok(Journal::new(&db, state.clock())
        .mood_series(bucket, count)
        .await?)
}

/// Opens an http(s) link from a rendered entry in the system browser.
pub async fn open_web_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    url: String,
) -> Result<(), AppError> {
    // Links come from entries, which only an open vault shows.
    state.vault().db().await?;
    let url = web_link::check(&url)?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|_| DesktopError::OpenFailed.into())
}
