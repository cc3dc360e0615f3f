//! Reading what the clinic's server sends back, with a limit: a server that
//! answers without end must not be able to fill the member's memory.

use super::{ClinicError, Result};
use zeroize::Zeroizing;

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
