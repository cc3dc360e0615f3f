//! A `tel:` or `sms:` link from the "Need help now" panel. Only these two
//! schemes, with a phone number of digits, are ever passed to the system's
//! URL handler, so a crafted string cannot launch anything else.

use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ContactLinkError {
    #[error("only phone and text links can be opened")]
    Scheme,
    #[error("the link does not hold a phone number")]
    Number,
}

impl ContactLinkError {
    pub fn code(&self) -> ErrorCode {
        ErrorCode::InvalidLink
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactLink {
    uri: String,
}

impl ContactLink {
    pub fn parse(uri: &str) -> Result<Self, ContactLinkError> {
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

    pub fn as_str(&self) -> &str {
        &self.uri
    }
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
            ("https://example.org", ContactLinkError::Scheme),
            ("javascript:alert(1)", ContactLinkError::Scheme),
            ("file:///etc/passwd", ContactLinkError::Scheme),
            ("tel:988;rm -rf", ContactLinkError::Number),
            ("sms:", ContactLinkError::Number),
            ("988", ContactLinkError::Scheme),
        ];
        for (uri, want) in cases {
            let got = ContactLink::parse(uri).unwrap_err();
            assert_eq!(got, want, "{uri}");
        }
    }
}
