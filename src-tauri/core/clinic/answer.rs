//! What the clinic's server sends back: what its status means, the same for
//! every request, and its body read with a limit (a server that answers
//! without end must not be able to fill the member's memory).

use super::{retry, ClinicError, Result};
use reqwest::header::HeaderMap;
use zeroize::Zeroizing;

/// The error an answer's status stands for, or `None` for a 2xx: 401 is an
/// expired sign-in, 429 and 503 a busy server (waiting as long as its
/// `Retry-After` asks, when there are headers to read it from), anything
/// else the server's error. A request whose statuses mean more (a 412, a
/// refused write's reason, a token's 400) matches those before asking here.
pub(super) fn refusal(status: u16, headers: Option<&HeaderMap>) -> Option<ClinicError> {
    match status {
        200..=299 => None,
        401 => Some(ClinicError::Expired),
        429 | 503 => Some(ClinicError::Busy {
            retry_after: headers.and_then(retry::retry_after),
        }),
        _ => Some(ClinicError::Server { status }),
    }
}

/// The most the app reads from one answer. A page of 100 Appointments is
/// well under 1 MiB; a discovery document or a token answer a few KiB.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// The whole body, or `TooLarge` as soon as it passes `MAX_BODY` (a declared
/// length over the cap is refused before reading). Wiped when dropped, since
/// a token answer passes through here.
pub(super) async fn read(mut response: reqwest::Response) -> Result<Zeroizing<Vec<u8>>> {
    let declared = response.content_length().unwrap_or(0);
    if declared > MAX_BODY as u64 {
        return Err(ClinicError::TooLarge);
    }
    // Sized up front (within the cap) so the buffer is not reallocated,
    // which would leave unwiped copies of a token behind.
    let mut body = Zeroizing::new(Vec::with_capacity(declared as usize));
    while let Some(chunk) = response.chunk().await.map_err(ClinicError::unreachable)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ClinicError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A server that sends `head` and then `body_bytes` of body, then holds
    /// the connection open.
    async fn server(head: String, body_bytes: usize) -> String {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let address = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 1024];
            let _ = stream.read(&mut request).await;
            stream.write_all(head.as_bytes()).await.unwrap();
            let _ = stream.write_all(&vec![b' '; body_bytes]).await;
            std::future::pending::<()>().await;
        });
        address
    }

    async fn get(address: &str) -> reqwest::Response {
        super::super::http_client()
            .unwrap()
            .get(address)
            .send()
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_declared_length_over_the_cap_is_refused_unread() {
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n",
            MAX_BODY + 1
        );
        let response = get(&server(head, 0).await).await;
        // No body ever comes: only the declared length can have stopped it.
        let read = tokio::time::timeout(std::time::Duration::from_secs(5), read(response)).await;
        assert!(matches!(read, Ok(Err(ClinicError::TooLarge))));
    }

    #[tokio::test]
    async fn an_answer_within_the_cap_is_read_whole() {
        let head = "HTTP/1.1 200 OK\r\ncontent-length: 4096\r\n\r\n".to_owned();
        let body = read(get(&server(head, 4096).await).await).await.unwrap();
        assert_eq!(body.len(), 4096);
    }
}
