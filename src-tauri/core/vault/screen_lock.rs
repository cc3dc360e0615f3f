//! Follows the desktop's own lock: when the screensaver locks the screen
//! (org.freedesktop.ScreenSaver / org.gnome.ScreenSaver `ActiveChanged(true)`
//! on the session bus) or logind asks this session to lock (`Lock` on the
//! system bus), the vault locks too. Where neither bus exists the watcher
//! simply ends.

use futures_util::StreamExt;
use zbus::message::Type;
use zbus::{Connection, MatchRule, MessageStream};

const SCREENSAVERS: [&str; 2] = ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"];

#[derive(Debug, thiserror::Error)]
#[error("could not listen for the desktop's screen lock")]
pub struct WatchError(#[from] zbus::Error);

/// Calls `on_lock` each time the desktop session locks. Runs until both
/// buses go away.
pub async fn watch<F>(on_lock: F) -> Result<(), WatchError>
where
    F: Fn() + Clone + Send + Sync + 'static,
{
    let screensaver = screensaver_locks(on_lock.clone());
    let logind = logind_locks(on_lock);
    let (a, b) = futures_util::future::join(screensaver, logind).await;
    a.and(b)
}

async fn screensaver_locks(on_lock: impl Fn()) -> Result<(), WatchError> {
    let conn = Connection::session().await?;
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .member("ActiveChanged")?
        .build();
    let mut stream = MessageStream::for_match_rule(rule, &conn, None).await?;
    while let Some(msg) = stream.next().await {
        let Ok(msg) = msg else { continue };
        let header = msg.header();
        let from_screensaver = header
            .interface()
            .is_some_and(|i| SCREENSAVERS.contains(&i.as_str()));
        if from_screensaver && msg.body().deserialize::<bool>().unwrap_or(false) {
            on_lock();
        }
    }
    Ok(())
}

async fn logind_locks(on_lock: impl Fn()) -> Result<(), WatchError> {
    let conn = Connection::system().await?;
    let reply = conn
        .call_method(
            Some("org.freedesktop.login1"),
            "/org/freedesktop/login1",
            Some("org.freedesktop.login1.Manager"),
            "GetSessionByPID",
            &(std::process::id()),
        )
        .await?;
    let session: zbus::zvariant::OwnedObjectPath = reply.body().deserialize()?;
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .interface("org.freedesktop.login1.Session")?
        .member("Lock")?
        .path(session)?
        .build();
    let mut stream = MessageStream::for_match_rule(rule, &conn, None).await?;
    while let Some(msg) = stream.next().await {
        if msg.is_ok() {
            on_lock();
        }
    }
    Ok(())
}
