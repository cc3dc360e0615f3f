//! The main window shows the app's own pages and nothing else. Links in
//! the journal open in the member's browser (`open_web_link`); any other
//! navigation of the window (a link that slipped past the UI, a script, a
//! middle-click) is refused, so a page from elsewhere can never run with
//! the app's commands.

use url::Url;

/// Where the development server runs (`devUrl` in tauri.conf.json); only
/// builds without the embedded UI load from it.
const DEV_ORIGIN: &str = "http://localhost:1420";

pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        // Linux and macOS serve the embedded UI as tauri://localhost.
        "tauri" => url.host_str() == Some("localhost"),
        // Windows and Android serve it as http(s)://tauri.localhost.
        "http" | "https" if url.host_str() == Some("tauri.localhost") => true,
        "http" => {
            cfg!(not(feature = "custom-protocol"))
                && Url::parse(DEV_ORIGIN).is_ok_and(|dev| dev.origin() == url.origin())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages() {
        for own in [
            "tauri://localhost/",
            "tauri://localhost/index.html#/journal",
            "https://tauri.localhost/",
        ] {
            assert!(is_app_page(&Url::parse(own).unwrap()), "{own}");
        }
        for other in [
            "https://example.org/",
            "http://127.0.0.1:8940/fhir",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "tauri://evil.example/",
            "https://tauri.localhost.evil.example/",
            "about:blank",
        ] {
            assert!(!is_app_page(&Url::parse(other).unwrap()), "{other}");
        }
    }
}
