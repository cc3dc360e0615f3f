//! A link clicked in a rendered entry. Only http(s) addresses are handed to
//! the system browser; anything else (javascript:, file:, data:, custom
//! schemes) is refused.

use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("only web links can be opened")]
pub struct NotAWebLink;

impl crate::error::Coded for NotAWebLink {
    fn code(&self) -> crate::error::ErrorCode {
        ErrorCode::InvalidLink
    }
}

pub fn check(url: &str) -> Result<&str, NotAWebLink> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(NotAWebLink)?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    if authority.is_empty()
        || authority.contains('@')
        || url.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(NotAWebLink);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_links_pass() {
        assert!(check("https://988lifeline.org/").is_ok());
        assert!(check("HTTP://example.org/a?b#c").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,hi",
            "https://user@evil.example",
            "https://",
            "https://exa mple.org",
            "ftp://example.org",
            "alongside://open",
        ] {
            assert_eq!(check(bad), Err(NotAWebLink), "{bad}");
        }
    }
}
