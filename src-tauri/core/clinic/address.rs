//! The clinic's FHIR base address, as the member typed it, and the rule
//! every address the app sends to must follow.

use super::{ClinicError, Result};
use url::{Host, Url};

/// https, or plain http to this computer's loopback address alone (where a
/// test or demo clinic runs; by IP, since a name such as `localhost` is
/// whatever the resolver says); never a user name or password in it.
fn is_safe(url: &Url) -> bool {
    let loopback = match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        _ => false,
    };
    let secure = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    secure && url.host().is_some() && url.username().is_empty() && url.password().is_none()
}

/// The same rule for an address the clinic's server handed back (SMART
/// sign-in endpoints), so a code, verifier or token never travels in clear
/// or to a `javascript:` or `file:` page.
pub(super) fn check_endpoint(url: &Url) -> Result<()> {
    if is_safe(url) {
        Ok(())
    } else {
        Err(ClinicError::InsecureEndpoint)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicAddress(Url);

impl ClinicAddress {
    /// A safe address (see `is_safe`) without a query.
    pub fn parse(text: &str) -> Result<Self> {
        let mut url = Url::parse(text.trim()).map_err(|_| ClinicError::BadAddress)?;
        if !is_safe(&url) || url.query().is_some() {
            return Err(ClinicError::BadAddress);
        }
        url.set_fragment(None);
        let trimmed = url.path().trim_end_matches('/').to_owned();
        url.set_path(&trimmed);
        Ok(Self(url))
    }

    /// The base without a trailing slash, as SMART's `aud` wants it.
    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    /// `base/path`.
    pub fn join(&self, path: &str) -> Result<Url> {
        Url::parse(&format!("{}/{}", self.as_str(), path)).map_err(|_| ClinicError::BadAddress)
    }

    /// Whether a link from the server stays on this clinic (same scheme,
    /// host and port), so following it cannot hand the token elsewhere.
    pub fn owns(&self, link: &Url) -> bool {
        link.origin() == self.0.origin() && link.path().starts_with(self.0.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;

    #[test]
    fn https_anywhere_http_only_on_this_computer() {
        assert_eq!(
            ClinicAddress::parse(" https://fhir.clinic.example/r4/ ")
                .unwrap()
                .as_str(),
            "https://fhir.clinic.example/r4"
        );
        for local in [
            "http://127.0.0.1:8940/fhir/R4",
            "http://127.8.0.1/fhir",
            "http://[::1]:8940/fhir",
        ] {
            assert!(ClinicAddress::parse(local).is_ok(), "{local}");
        }
        for bad in [
            "http://fhir.clinic.example/r4",
            // A name, even this one, is what the resolver makes of it.
            "http://localhost/fhir",
            "http://localhost.clinic.example/fhir",
            "http://[::ffff:127.0.0.1]/fhir",
            "http://10.0.0.1/fhir",
            "ftp://clinic.example",
            "clinic.example",
            "https://user@clinic.example/r4",
            "https://:secret@clinic.example/r4",
            "https://clinic.example/r4?x=1",
            "",
        ] {
            assert!(ClinicAddress::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoints_from_the_server_follow_the_same_rule() {
        for good in [
            "https://auth.clinic.example/authorize",
            "https://auth.clinic.example/token?tenant=4",
            "http://127.0.0.1:9000/token",
        ] {
            assert!(check_endpoint(&Url::parse(good).unwrap()).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<h1>sign in</h1>",
            "http://auth.clinic.example/token",
            "http://localhost:9000/token",
            "https://member:pw@auth.clinic.example/authorize",
        ] {
            let err = check_endpoint(&Url::parse(bad).unwrap()).unwrap_err();
            assert_eq!(err.code(), "clinic_insecure_endpoint", "{bad}");
        }
    }

    #[test]
    fn links_must_stay_on_the_clinic() {
        let base = ClinicAddress::parse("https://clinic.example/fhir/R4").unwrap();
        let own = Url::parse("https://clinic.example/fhir/R4/Appointment?_page=2").unwrap();
        assert!(base.owns(&own));
        for other in [
            "https://evil.example/fhir/R4/Appointment",
            "http://clinic.example/fhir/R4/Appointment",
            "https://clinic.example:444/fhir/R4/Appointment",
            "https://clinic.example/other",
        ] {
            assert!(!base.owns(&Url::parse(other).unwrap()), "{other}");
        }
    }
}
