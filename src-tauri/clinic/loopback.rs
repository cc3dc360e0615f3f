//! The RFC 8252 loopback redirect: a one-time listener on 127.0.0.1 that
//! receives the browser's answer to the sign-in and tells the member they
//! can go back to the app.

use super::{ClinicError, Result};
use std::collections::HashMap;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CALLBACK: &str = "/callback";
const MAX_REQUEST: usize = 16 * 1024;

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
    pub async fn code(self, state: &str) -> Result<String> {
        loop {
            let (mut stream, _) = self
                .listener
                .accept()
                .await
                .map_err(ClinicError::Listener)?;
            let Some(query) = read_callback(&mut stream).await else {
                respond(&mut stream, "404 Not Found", "").await;
                continue;
            };
            if query.get("state").map(String::as_str) != Some(state) {
                respond(&mut stream, "400 Bad Request", "").await;
                continue;
            }
            respond(&mut stream, "200 OK", DONE_PAGE).await;
            return match query.get("code") {
                Some(code) if !code.is_empty() => Ok(code.clone()),
                // `error=access_denied` and the like: the member or clinic said no.
                _ => Err(ClinicError::Refused),
            };
        }
    }
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
    async fn a_refusal_is_reported() {
        let loopback = Loopback::bind().await.unwrap();
        let uri = loopback.redirect_uri().to_owned();
        let waiting = tokio::spawn(loopback.code("s"));
        get(&format!("{uri}?error=access_denied&state=s")).await;
        assert!(matches!(waiting.await.unwrap(), Err(ClinicError::Refused)));
    }
}
