//! The RFC 8252 loopback redirect: a one-time listener on 127.0.0.1 that
//! receives the browser's answer to the sign-in and tells the member they
//! can go back to the app.

use super::{ClinicError, Result};
use std::collections::HashMap;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

const CALLBACK: &str = "/callback";
const MAX_REQUEST: usize = 16 * 1024;
/// How long one connection may take to send its request. A browser sends
/// it at once; a socket that sends nothing is closed after this.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once; more are closed unread until some finish.
const MAX_OPEN: usize = 32;

/// Shown in the browser after sign-in, in both of the app's languages
/// because the browser's page knows nothing of the member's choice.
const DONE_PAGE: &str =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Alongside</title></head>\
<body style=\"font-family:sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5\">\
<h1>Alongside</h1><p>You can close this tab and go back to Alongside.</p>\
<p lang=\"es\">Puedes cerrar esta pestaña y volver a Alongside.</p></body></html>";

pub struct Loopback {
    listener: TcpListener,
    redirect_uri: String,
}

impl Loopback {
    pub async fn bind() -> Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(ClinicError::Listener)?;
        let port = listener.local_addr().map_err(ClinicError::Listener)?.port();
        Ok(Self {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}{CALLBACK}"),
        })
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the browser to come back with `state`; returns the code.
    /// Other requests (a favicon, a stray tab) are answered and ignored.
    /// Each connection is served on its own, so one that stays silent (any
    /// program on this computer can open one) does not hold up the browser.
    pub async fn code(self, state: &str) -> Result<String> {
        // Dropped with this future: a cancelled sign-in leaves nothing running.
        let mut open = JoinSet::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let (stream, _) = accepted.map_err(ClinicError::Listener)?;
                    if open.len() < MAX_OPEN {
                        open.spawn(serve(stream, state.to_owned(), READ_TIMEOUT));
                    }
                }
                Some(served) = open.join_next() => {
                    if let Ok(Some(answer)) = served {
                        return answer;
                    }
                }
            }
        }
    }
}

/// Answers one connection; `Some` once the browser is back with `state`.
async fn serve(mut stream: TcpStream, state: String, timeout: Duration) -> Option<Result<String>> {
    let request = tokio::time::timeout(timeout, read_callback(&mut stream)).await;
    let Ok(Some(query)) = request else {
        respond(&mut stream, "404 Not Found", "").await;
        return None;
    };
    if query.get("state") != Some(&state) {
        respond(&mut stream, "400 Bad Request", "").await;
        return None;
    }
    respond(&mut stream, "200 OK", DONE_PAGE).await;
    Some(match query.get("code") {
        Some(code) if !code.is_empty() => Ok(code.clone()),
        // `error=access_denied` and the like: the member or clinic said no.
        _ => Err(ClinicError::Refused),
    })
}

/// The query of a `GET /callback?…` request, or None for anything else.
async fn read_callback(stream: &mut TcpStream) -> Option<HashMap<String, String>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() + n > MAX_REQUEST {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = std::str::from_utf8(&buf).ok()?;
    let target = head.strip_prefix("GET ")?.split(' ').next()?;
    let url = url::Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    (url.path() == CALLBACK).then(|| url.query_pairs().into_owned().collect())
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let reply = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
         cache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may have gone; the code (if any) is what matters.
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(uri: &str) -> (u16, String) {
        let response = reqwest::get(uri).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    #[tokio::test]
    async fn takes_the_code_with_the_right_state_only() {
        let loopback = Loopback::bind().await.unwrap();
        let uri = loopback.redirect_uri().to_owned();
        assert!(uri.starts_with("http://127.0.0.1:") && uri.ends_with("/callback"));
        let waiting = tokio::spawn(loopback.code("good-state"));
        let base = uri.trim_end_matches("/callback").to_owned();
        assert_eq!(get(&format!("{base}/favicon.ico")).await.0, 404);
        assert_eq!(get(&format!("{uri}?code=stolen&state=other")).await.0, 400);
        let (status, page) = get(&format!("{uri}?code=abc&state=good-state")).await;
        assert_eq!(status, 200);
        assert!(page.contains("go back to Alongside"));
        assert_eq!(waiting.await.unwrap().unwrap(), "abc");
    }

    #[tokio::test]
    async fn a_silent_connection_does_not_hold_up_the_browser() {
        let loopback = Loopback::bind().await.unwrap();
        let uri = loopback.redirect_uri().to_owned();
        let port = url::Url::parse(&uri).unwrap().port().unwrap();
        let waiting = tokio::spawn(loopback.code("s"));
        // Connected, and never a byte sent.
        let _idle = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let back = async {
            assert_eq!(get(&format!("{uri}?code=abc&state=s")).await.0, 200);
            waiting.await.unwrap()
        };
        // Well before the silent one would be timed out.
        let code = tokio::time::timeout(READ_TIMEOUT / 2, back).await;
        assert_eq!(code.expect("served at once").unwrap(), "abc");
    }

    #[tokio::test]
    async fn a_silent_connection_is_closed_after_the_read_timeout() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let mut idle = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (stream, _) = listener.accept().await.unwrap();
        let timeout = Duration::from_millis(200);
        let served = tokio::time::timeout(timeout * 10, serve(stream, "s".into(), timeout)).await;
        assert!(served.expect("gave up waiting").is_none());
        let mut reply = String::new();
        idle.read_to_string(&mut reply).await.unwrap();
        assert!(reply.starts_with("HTTP/1.1 404"), "{reply}");
    }

    #[tokio::test]
    async fn a_refusal_is_reported() {
        let loopback = Loopback::bind().await.unwrap();
        let uri = loopback.redirect_uri().to_owned();
        let waiting = tokio::spawn(loopback.code("s"));
        get(&format!("{uri}?error=access_denied&state=s")).await;
        assert!(matches!(waiting.await.unwrap(), Err(ClinicError::Refused)));
    }
}
