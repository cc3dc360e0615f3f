use crate::error::{AppError, DesktopError};
use crate::safety::ContactLink;
use tauri::{AppHandle, Runtime};
use tauri_plugin_opener::OpenerExt;

/// Hands a crisis line's `tel:`/`sms:` link to the desktop's handler.
pub fn open_contact_link<R: Runtime>(app: AppHandle<R>, uri: String) -> Result<(), AppError> {
    let link = ContactLink::parse(&uri)?;
    app.opener()
        .open_url(link.as_str(), None::<&str>)
        .map_err(|_| DesktopError::OpenFailed.into())
}
