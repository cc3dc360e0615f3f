//! The clinic's FHIR base address, as the member typed it.

use super::{ClinicError, Result};
use url::{Host, Url};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicAddress(Url);

impl ClinicAddress {
    /// https only; plain http is allowed for this computer alone, where a
    /// test or demo clinic runs.
    pub fn parse(text: &str) -> Result<Self> {
        let mut url = Url::parse(text.trim()).map_err(|_| ClinicError::BadAddress)?;
        let local = matches!(url.host(), Some(Host::Ipv4(ip)) if ip.is_loopback())
            || url.host_str() == Some("localhost");
        let secure = url.scheme() == "https" || (url.scheme() == "http" && local);
        if !secure || url.host().is_none() || url.query().is_some() || !url.username().is_empty() {
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

    #[test]
    fn https_anywhere_http_only_on_this_computer() {
        assert_eq!(
            ClinicAddress::parse(" https://fhir.clinic.example/r4/ ")
                .unwrap()
                .as_str(),
            "https://fhir.clinic.example/r4"
        );
        assert!(ClinicAddress::parse("http://127.0.0.1:8940/fhir/R4").is_ok());
        assert!(ClinicAddress::parse("http://localhost/fhir").is_ok());
        for bad in [
            "http://fhir.clinic.example/r4",
            "ftp://clinic.example",
            "clinic.example",
            "https://user@clinic.example/r4",
            "https://clinic.example/r4?x=1",
            "",
        ] {
            assert!(ClinicAddress::parse(bad).is_err(), "{bad}");
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
