//! The tray icon (a StatusNotifierItem with a dbusmenu on Linux desktops):
//! Open, the next session, Need help now, Lock, Quit. It keeps Alongside
//! reachable after the window is closed, so reminders keep coming.

use crate::contract::events;
use alongside_core::app_state::AppState;
use alongside_core::reminders::notice::{menu_text, Lang};
use alongside_core::reminders::What;
use alongside_core::vault::LockReason;
use chrono::{DateTime, Utc};
use std::sync::Mutex;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

const OPEN: &str = "open";
const NEXT: &str = "next";
const HELP: &str = "help";
const LOCK: &str = "lock";
const QUIT: &str = "quit";

/// How often the menu's next session is looked at: the ticker runs every
/// second, and the menu need not follow it that closely.
const REFRESH_EVERY: chrono::Duration = chrono::Duration::seconds(15);

/// The menu's items that change after it is built.
pub struct TrayItems<R: Runtime> {
    items: Vec<(&'static str, MenuItem<R>)>,
    shown: Mutex<Shown>,
}

struct Shown {
    lang: Lang,
    next: Option<DateTime<Utc>>,
    checked_at: Option<DateTime<Utc>>,
}

pub fn build<R: Runtime>(app: &AppHandle<R>, lang: Lang) -> tauri::Result<()> {
    let mut items = Vec::new();
    for id in [OPEN, NEXT, HELP, LOCK, QUIT] {
        // The next session is information, not an action.
        let item = MenuItem::with_id(app, id, label(lang, id, None), id != NEXT, None::<&str>)?;
        items.push((id, item));
    }
    let menu = Menu::new(app)?;
    for (id, item) in &items {
        if *id == HELP {
            menu.append(&PredefinedMenuItem::separator(app)?)?;
        }
        menu.append(item)?;
    }
    let mut tray = TrayIconBuilder::with_id("main")
        .menu(&menu)
        .tooltip("Alongside")
        .on_menu_event(|app, event| chosen(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(TrayItems {
        items,
        shown: Mutex::new(Shown {
            lang,
            next: None,
            checked_at: None,
        }),
    });
    Ok(())
}

fn label(lang: Lang, id: &str, next: Option<&str>) -> String {
    match (id, next) {
        (NEXT, Some(when)) => menu_text(lang, "tray.next", &[("when", when)]),
        (NEXT, None) => menu_text(lang, "tray.noNext", &[]),
        (id, _) => menu_text(lang, &format!("tray.{id}"), &[]),
    }
}

/// Puts the next session and the member's language in the menu when
/// either changed since last time.
pub fn refresh<R: Runtime>(app: &AppHandle<R>, state: &AppState, lang: Lang) {
    let Some(tray) = app.try_state::<TrayItems<R>>() else {
        return;
    };
    let (now, zone) = (state.clock().now(), state.clock().zone());
    let mut shown = tray.shown.lock().unwrap_or_else(|p| p.into_inner());
    let recent = shown
        .checked_at
        .is_some_and(|at| now >= at && now - at < REFRESH_EVERY);
    if recent && shown.lang == lang {
        return;
    }
    shown.checked_at = Some(now);
    let next = state
        .reminders()
        .upcoming(now, zone)
        .into_iter()
        .find_map(|r| match r.what {
            What::Session { starts_at, .. } => Some(starts_at),
            What::Routine { .. } | What::Occasion { .. } => None,
        });
    if shown.lang == lang && shown.next == next {
        return;
    }
    let when = next.map(|at| {
        let local = at.with_timezone(&zone);
        match lang {
            Lang::En => local.format("%a %-d %b, %H:%M").to_string(),
            Lang::Es => local.format("%-d/%m, %H:%M").to_string(),
        }
    });
    for (id, item) in &tray.items {
        if let Err(e) = item.set_text(label(lang, id, when.as_deref())) {
            tracing::warn!("the tray menu could not be updated: {e}");
        }
    }
    shown.lang = lang;
    shown.next = next;
}

fn chosen<R: Runtime>(app: &AppHandle<R>, id: &str) {
    match id {
        OPEN => super::window::bring_forward(app, None),
        HELP => super::window::bring_forward(app, Some("help")),
        LOCK => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                if let Some(state) = app.try_state::<AppState>() {
                    if state.vault().lock().await {
                        events::VAULT_LOCKED.emit(&app, LockReason::Manual);
                    }
                }
            });
        }
        QUIT => app.exit(0),
        _ => {}
    }
}
