//! A link from the "Need help now" panel: `tel:` or `sms:` with a phone
//! number of digits, or one of the web pages the crisis lines list (a web
//! chat, a WhatsApp line, a directory of helplines). Nothing else is ever
//! passed to the system's URL handler, so a crafted string cannot launch
//! anything else, and no page outside the reviewed list can be opened from
//! the locked panel.

use crate::error::ErrorCode;
use serde::Deserialize;
use std::sync::OnceLock;

/// The panel's lines, as the UI shows them: the web pages allowed here are
/// exactly the ones this file lists.
const CRISIS_LINES: &str = include_str!("../../../ui/src/lib/safety/crisis-lines.json");

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ContactLinkError {
    #[error("only phone and text links can be opened")]
    Scheme,
    #[error("the link does not hold a phone number")]
    Number,
    #[error("that web page is not one the crisis lines list")]
    NotListed,
}

impl crate::error::Coded for ContactLinkError {
    fn code(&self) -> crate::error::ErrorCode {
        ErrorCode::InvalidLink
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactLink {
    uri: String,
}

impl ContactLink {
    pub fn parse(uri: &str) -> Result<Self, ContactLinkError> {
        if uri.starts_with("https://") {
            return Self::listed_page(uri);
        }
        let (scheme, number) = uri.split_once(':').ok_or(ContactLinkError::Scheme)?;
        if !matches!(scheme.to_ascii_lowercase().as_str(), "tel" | "sms") {
            return Err(ContactLinkError::Scheme);
        }
        let digits = number.strip_prefix('+').unwrap_or(number);
        if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ContactLinkError::Number);
        }
        Ok(Self {
            uri: format!("{}:{number}", scheme.to_ascii_lowercase()),
        })
    }

    /// A web page is opened only when the crisis lines list it, exactly,
    /// and it passes the journal's link rule too.
    fn listed_page(uri: &str) -> Result<Self, ContactLinkError> {
        if !listed_pages().iter().any(|page| page == uri) {
            return Err(ContactLinkError::NotListed);
        }
        let uri = crate::journal::web_link::check(uri).map_err(|_| ContactLinkError::Scheme)?;
        Ok(Self {
            uri: uri.to_owned(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.uri
    }
}

#[derive(Deserialize)]
struct Lines {
    countries: Vec<Country>,
    elsewhere: Elsewhere,
}

#[derive(Deserialize)]
struct Country {
    lines: Vec<Line>,
}

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    web: Vec<Page>,
}

#[derive(Deserialize)]
struct Elsewhere {
    web: Vec<Page>,
}

#[derive(Deserialize)]
struct Page {
    url: String,
}

/// Every https page in `crisis-lines.json`.
fn listed_pages() -> &'static [String] {
    static PAGES: OnceLock<Vec<String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        // The file is compiled in and checked by `the_listed_pages_are_read`;
        // were it ever unreadable, no page would be allowed (calls still work).
        let lines: Option<Lines> = serde_json::from_str(CRISIS_LINES).ok();
        lines
            .map(|l| {
                l.countries
                    .into_iter()
                    .flat_map(|c| c.lines)
                    .flat_map(|line| line.web)
                    .chain(l.elsewhere.web)
                    .map(|page| page.url)
                    .filter(|url| url.starts_with("https://"))
                    .collect()
            })
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crisis_numbers_are_accepted() {
        for uri in [
            "tel:988",
            "sms:988",
            "sms:741741",
            "tel:911",
            "TEL:+18002738255",
        ] {
            assert!(ContactLink::parse(uri).is_ok(), "{uri}");
        }
        assert_eq!(ContactLink::parse("TEL:911").unwrap().as_str(), "tel:911");
    }

    #[test]
    fn anything_else_is_refused() {
        let cases = [
            ("https://example.org", ContactLinkError::NotListed),
            ("javascript:alert(1)", ContactLinkError::Scheme),
            ("file:///etc/passwd", ContactLinkError::Scheme),
            ("tel:988;rm -rf", ContactLinkError::Number),
            ("sms:", ContactLinkError::Number),
            ("988", ContactLinkError::Scheme),
            ("https://example.org/", ContactLinkError::NotListed),
            (
                "https://988lifeline.org/chat/../evil",
                ContactLinkError::NotListed,
            ),
            ("http://988lifeline.org/chat/", ContactLinkError::Scheme),
        ];
        for (uri, want) in cases {
            let got = ContactLink::parse(uri).unwrap_err();
            assert_eq!(got, want, "{uri}");
        }
    }

    #[test]
    fn the_listed_pages_are_read_and_open() {
        let pages = listed_pages();
        assert!(pages.len() >= 3, "{pages:?}");
        for page in pages {
            assert_eq!(ContactLink::parse(page).unwrap().as_str(), page);
        }
        assert!(pages
            .iter()
            .any(|p| p.starts_with("https://988lifeline.org/")));
    }
}
